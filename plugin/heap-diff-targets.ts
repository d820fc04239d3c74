import type { TestModule } from 'vitest/node'
import type { GateResult } from '../src/report/gate.js'
import type { Report, TestReport } from '../src/report/model.js'
import { testKey } from '../src/report/test-key.js'
import { relativePath } from './task-names.js'

/** A test that failed a retained-memory check, and why, for the rerun to diff. */
export interface HeapDiffTarget {
  readonly test: TestReport
  readonly why: string
}

/**
 * Tests that failed `memory.limitRetainedMemory` (the fixture's `MemoryLimitError` with
 * `limit: 'retained'`, found by its `_tag` in the copy vitest serialised), in report order. Peak limits and handle
 * leaks are not here: a heap diff says nothing about them.
 */
export function retainedLimitFailures(
  modules: ReadonlyArray<TestModule>,
  report: Report,
  root: string,
): HeapDiffTarget[] {
  const failed = new Set<string>()
  for (const module of modules) {
    const file = relativePath(root, module.moduleId)
    const project = module.project.name || undefined
    for (const testCase of module.children.allTests()) {
      const errors = testCase.result().errors ?? []
      const retained = errors.some(
        (error) =>
          (error as { _tag?: unknown })._tag === 'MemoryLimitError' &&
          (error as { limit?: unknown }).limit === 'retained',
      )
      if (retained) failed.add(testKey({ file, name: testCase.fullName, project }))
    }
  }
  return report.tests
    .filter((test) => failed.has(testKey(test)))
    .map((test) => ({ test, why: 'memory.limitRetainedMemory' }))
}

/** Tests the gate failed for retained heap above their baseline, from its verdicts. */
export function retainedRegressions(
  report: Report,
  gate: GateResult | undefined,
): HeapDiffTarget[] {
  if (gate === undefined) return []
  const regressed = new Set(
    gate.verdicts.flatMap((verdict) =>
      verdict.kind === 'regression' && verdict.metric === 'retainedHeap'
        ? [testKey(verdict.subject)]
        : [],
    ),
  )
  return report.tests
    .filter((test) => regressed.has(testKey(test)))
    .map((test) => ({ test, why: 'retained heap above the baseline' }))
}
