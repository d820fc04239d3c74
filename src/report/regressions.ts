import type { GateComparison, Report, TestReport } from './model.js'
import { formatDelta } from './size.js'

/** A test the gate found above its baseline, with the figures that regressed. */
export interface RegressedTest {
  readonly test: TestReport
  readonly comparisons: GateComparison[]
}

/**
 * Every test with a regressed figure in its `gate` outcome, in report order (a leaking
 * test that also regressed is here too, though its status stays `leak`). Pure.
 */
export function regressedTests(report: Report): RegressedTest[] {
  return report.tests.flatMap((test) => {
    const comparisons = test.gate?.comparisons.filter((comparison) => comparison.regressed) ?? []
    return comparisons.length > 0 ? [{ test, comparisons }] : []
  })
}

const METRIC_WORDS = { peakRssDelta: 'peak RSS growth', retainedHeap: 'retained heap' } as const

/** `retained heap +56.0 MB, baseline +8.0 MB, limit +24.0 MB`. Pure. */
export function describeComparison(comparison: GateComparison): string {
  return `${METRIC_WORDS[comparison.metric]} ${formatDelta(comparison.current)}, baseline ${formatDelta(comparison.baseline)}, limit ${formatDelta(comparison.limit)}`
}
