import type { Report, TestMemory, TestReport } from './model.js'

/** A test that has memory figures. */
export type MeasuredTest = TestReport & { memory: TestMemory }

/** Tests with memory figures, largest first by `metric`; at most `count`. Pure. */
export function topTests(
  report: Report,
  metric: 'peakRssDelta' | 'retainedHeap',
  count = Number.POSITIVE_INFINITY,
): MeasuredTest[] {
  return report.tests
    .filter((test): test is MeasuredTest => test.memory !== null)
    .sort((a, b) => b.memory[metric] - a.memory[metric])
    .slice(0, count)
}
