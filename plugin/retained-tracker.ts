import type { AutoStart } from '../src/memory/test-snapshot.js'
import type { TestMemory } from '../src/report/model.js'
import { loggedTestKey } from '../src/report/test-key.js'
import type { RetainedPlan } from './retained-plan.js'

/**
 * The runner's state for `gc: 'auto'` between tests: the last test's after-GC heap, which
 * is the next test's exact start while nothing else runs in between (no suite hook, no
 * concurrent test), and which tests the baseline says to start with a GC.
 */
export class RetainedTracker {
  readonly #limitBytes: number
  readonly #exactStart: ReadonlySet<string>
  #heapBetweenTests: number | undefined

  constructor(plan: RetainedPlan | undefined, fallbackLimitBytes: number) {
    this.#limitBytes = plan?.limitBytes ?? fallbackLimitBytes
    this.#exactStart = new Set(plan?.exactStartTests)
  }

  /** What the snapshot needs at a test's start; `othersRunning` for concurrent tests. */
  startOf(file: string, name: string, othersRunning: boolean): AutoStart {
    return {
      exactStart: othersRunning ? undefined : this.#heapBetweenTests,
      forceExactStart: this.#exactStart.has(loggedTestKey({ file, name })),
      limitBytes: this.#limitBytes,
    }
  }

  /** After a test's verdict: keeps its after-GC heap if it took one and nothing else runs. */
  ended(memory: TestMemory | undefined, othersRunning: boolean): void {
    const gcAtEnd = memory?.retainedMethod === 'exact' || memory?.retainedMethod === 'at-least'
    this.#heapBetweenTests = gcAtEnd && !othersRunning ? memory.heapUsedAfter : undefined
  }

  /** A suite hook may run next: the last end figure is no longer the next start. */
  invalidate(): void {
    this.#heapBetweenTests = undefined
  }
}
