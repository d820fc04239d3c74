import type { Report, TestHeapDiff, TestReport } from './model.js'
import { testKey } from './test-key.js'

/** What a heap-diff rerun found for one test of the run. */
export interface HeapDiffFinding {
  readonly file: string
  readonly name: string
  readonly project?: string
  readonly heapDiff: TestHeapDiff
  /** The rerun's `heap diff: …` notes for it. */
  readonly notes: readonly string[]
}

/**
 * The report with each finding on its test: `heapDiff`, and the rerun's notes after the
 * test's own. Returns a new report; the one given is not changed. Pure.
 */
export function withHeapDiffs(report: Report, findings: readonly HeapDiffFinding[]): Report {
  if (findings.length === 0) return report
  const byTest = new Map(findings.map((finding) => [testKey(finding), finding]))
  const tests = report.tests.map((test): TestReport => {
    const finding = byTest.get(testKey(test))
    if (finding === undefined) return test
    return {
      ...test,
      heapDiff: finding.heapDiff,
      notes: [...(test.notes ?? []), ...finding.notes],
    }
  })
  return { ...report, tests }
}
