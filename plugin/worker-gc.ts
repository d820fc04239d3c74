import { GcStats } from '../src/memory/gc-stats.js'
import type { TestGcEvent } from '../src/report/log-events.js'
import { currentThreadId } from '../src/thread.js'

/**
 * This worker's GC statistics, for its log: a `PerformanceObserver` on `gc` entries
 * (`GcStats`), started before the worker's first test. It forces no GC: it counts those
 * V8 runs, and the two a test gets with `gc: true`. Cost per test: one event-loop turn, one
 * `takeRecords()` and one log line; per GC, one `getHeapStatistics()` (about 2 µs) for a full one.
 */
export class WorkerGc {
  readonly #stats = new GcStats().start()
  /** Read once: a forks worker never loads `worker_threads` for it (`src/thread.ts`). */
  readonly #thread = currentThreadId()

  /**
   * The `test-gc` line for a test that just ended. Node records a GC's performance entry
   * from an immediate, and a worker can run a whole file without turning its event loop
   * (measured: no entry at all over 7 tests with 14 forced GCs), so one turn is awaited
   * first; the entries are then taken at once rather than at their later delivery.
   */
  async event(id: string, file: string, name: string): Promise<TestGcEvent> {
    await new Promise<void>((resolve) => setImmediate(resolve))
    const stats = this.#stats.flush()
    return {
      type: 'test-gc',
      time: Date.now(),
      pid: process.pid,
      id,
      file,
      name,
      thread: this.#thread,
      gcCount: stats.totalGcCount,
      fullGcCount: stats.fullGcCount,
      gcPauseMs: Math.round(stats.totalGcPauseMs * 1000) / 1000,
      heapAfterGc: stats.usedHeapAfterLastGc ?? null,
    }
  }
}
