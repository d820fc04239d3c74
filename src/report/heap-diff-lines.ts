import { formatHeapDiffRow } from '../memory/heap-diff/format.js'
import type { Report, TestHeapDiff, TestReport } from './model.js'

/**
 * The top rows of a test's heap diff, one line each: `+10,000 Float64Array 640.0 KB`
 * (objects added and still alive, their constructor, their retained size). Pure.
 *
 * @param top how many rows @default 5
 */
export function heapDiffLines(diff: TestHeapDiff, top = 5): string[] {
  return diff.added.slice(0, top).map(formatHeapDiffRow)
}

/** How a diff was obtained, for a heading: `heap diff of a rerun` or `heap diff`. */
export function heapDiffSource(diff: TestHeapDiff): string {
  return diff.source === 'rerun' ? 'heap diff of a rerun' : 'heap diff'
}

/**
 * The tests whose heap diff the human reports show: every rerun's (a failed retained
 * check, or the gate's), and failed tests' under `heapDiff: 'always'`, where every test
 * has one in `report.json`.
 */
export function shownHeapDiffs(report: Report): (TestReport & { heapDiff: TestHeapDiff })[] {
  return report.tests.filter(
    (test): test is TestReport & { heapDiff: TestHeapDiff } =>
      test.heapDiff !== undefined && (test.heapDiff.source === 'rerun' || test.state === 'fail'),
  )
}
