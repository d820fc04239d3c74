import type { Baseline } from './baseline.js'
import { compareFigures, type Verdict } from './compare.js'
import type {
  RemovedTest,
  Report,
  ReportGate,
  TestGateOutcome,
  TestReport,
  TestStatus,
} from './model.js'
import { testKey } from './test-key.js'
import type { Tolerance } from './tolerance.js'

/**
 * Each test's outcome against the baseline, by {@link testKey}: the figures compared, or
 * `new` when the baseline has no entry for it. Empty without a baseline; a test without
 * figures (skipped, crashed) has none. Pure.
 */
export function testGateOutcomes(
  report: Report,
  baseline: Baseline | undefined,
  tolerance: Tolerance,
): Map<string, TestGateOutcome> {
  const outcomes = new Map<string, TestGateOutcome>()
  if (baseline === undefined) return outcomes
  const accepted = new Map(baseline.tests.map((test) => [testKey(test), test]))
  for (const test of report.tests) {
    if (test.memory === null) continue
    const key = testKey(test)
    const base = accepted.get(key)
    outcomes.set(
      key,
      base === undefined
        ? { baseline: 'new', comparisons: [] }
        : { baseline: 'compared', comparisons: compareFigures(base, test.memory, tolerance) },
    )
  }
  return outcomes
}

/** What {@link reportGate} summarises. */
export interface ReportGateInput {
  readonly verdicts: readonly Verdict[]
  readonly ok: boolean
  readonly checked: number
  readonly tolerance: Tolerance
  /** The baseline file as the user named it; absent when the gate ran without one. */
  readonly baselinePath?: string | undefined
  readonly environmentWarning?: string | undefined
}

/** The run's gate outcome as `report.json` holds it. Pure. */
export function reportGate(input: ReportGateInput): ReportGate {
  const removed = input.verdicts.flatMap((verdict): RemovedTest[] =>
    verdict.kind === 'removed'
      ? [
          {
            file: verdict.subject.file,
            name: verdict.subject.name,
            ...(verdict.subject.project === undefined ? {} : { project: verdict.subject.project }),
          },
        ]
      : [],
  )
  return {
    ok: input.ok,
    ...(input.baselinePath === undefined ? {} : { baseline: input.baselinePath }),
    tolerance: { relative: input.tolerance.relative, floorBytes: input.tolerance.floorBytes },
    checked: input.checked,
    failures: input.verdicts.filter((verdict) => verdict.severity === 'error').length,
    removed,
    ...(input.environmentWarning === undefined
      ? {}
      : { environmentWarning: input.environmentWarning }),
  }
}

/**
 * A test's status once the gate has spoken. `regression` ranks below what fails the test
 * itself and above the warning:
 * `crashed` > `leak` > `over-limit` > `regression` > `oom-risk` > `ok`.
 * A leaking or over-limit test that also regressed keeps its own status (it already
 * fails, and its figures stay in `gate.comparisons` with `regressed: true`); a regression
 * outranks `oom-risk` because it fails the run where `oom-risk` only warns. Pure.
 */
export function statusAfterGate(
  status: TestStatus,
  outcome: TestGateOutcome | undefined,
): TestStatus {
  const regressed = outcome?.comparisons.some((comparison) => comparison.regressed) ?? false
  if (!regressed) return status
  return status === 'ok' || status === 'oom-risk' ? 'regression' : status
}

/** The gate's decisions, as {@link withGate} writes them into a report. */
export interface GateDecision {
  readonly outcomes: ReadonlyMap<string, TestGateOutcome>
  readonly summary: ReportGate
}

/**
 * The report with the gate's outcomes in it: each compared test's `gate` and its status
 * after {@link statusAfterGate}, and the run's `gate`. Returns a new report; the one it
 * was given is not changed. Pure.
 */
export function withGate(report: Report, decision: GateDecision): Report {
  const tests = report.tests.map((test): TestReport => {
    const outcome = decision.outcomes.get(testKey(test))
    if (outcome === undefined) return test
    return { ...test, status: statusAfterGate(test.status, outcome), gate: outcome }
  })
  return { ...report, tests, gate: decision.summary }
}
