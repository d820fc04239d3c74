import type { Report, TestHeapDiff, TestReport } from './model.js'
import { testKey } from './test-key.js'

/** What a heap-diff rerun found for one test of the run. */
export interface HeapDiffFinding {
  readonly file: string
  readonly name: string
  readonly project?: string
  /** Absent when the rerun gave none for it: its note says why. */
  readonly heapDiff?: TestHeapDiff
  /** The rerun's `heap diff: …` notes for it, or why there is no diff. */
  readonly notes: readonly string[]
}

/**
 * The report with each finding on its test: its `heapDiff`, if any, and its notes after
 * the test's own. Returns a new report; the one given is not changed. Pure.
 */
export function withHeapDiffs(report: Report, findings: readonly HeapDiffFinding[]): Report {
  if (findings.length === 0) return report
  const byTest = new Map(findings.map((finding) => [testKey(finding), finding]))
  const tests = report.tests.map((test): TestReport => {
    const finding = byTest.get(testKey(test))
    if (finding === undefined) return test
    return {
      ...test,
      ...(finding.heapDiff === undefined ? {} : { heapDiff: finding.heapDiff }),
      notes: [...(test.notes ?? []), ...finding.notes],
    }
  })
  return { ...report, tests }
}
