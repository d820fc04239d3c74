import type { Baseline, BaselineTest } from './baseline.js'
import type { GateComparison, LeakEntry, Report, TestMemory, TestReport } from './model.js'
import { checkRetained, retainedBaseValue, retainedComparable } from './retained-check.js'
import { testKey } from './test-key.js'
import { allowedValue, type Tolerance } from './tolerance.js'

/** Which test (or suite / file scope) a verdict is about. */
export interface VerdictSubject {
  file: string
  name: string
  project?: string
  /** `test`, or the scope of a `beforeAll` / module-level leak. */
  scope: 'test' | 'suite' | 'file'
}

/** The memory figures the gate compares. */
export type GateMetric = 'peakRssDelta' | 'retainedHeap'

/**
 * One finding of the gate. `error` fails it; `warning` and `info` are printed only.
 */
export type Verdict =
  | { kind: 'leak'; severity: 'error'; subject: VerdictSubject; leaks: LeakEntry[] }
  | { kind: 'over-limit'; severity: 'error'; subject: VerdictSubject; notes: string[] }
  | { kind: 'crashed'; severity: 'error'; subject: VerdictSubject }
  | {
      kind: 'regression'
      severity: 'error'
      subject: VerdictSubject
      metric: GateMetric
      current: number
      baseline: number
      allowed: number
      /**
       * For `retainedHeap` measured without a forced GC at both ends (`gc: 'auto'`):
       * `at-least`, a lower bound that already exceeds `allowed`; `undecided`, a figure
       * that may or may not (`current` is its lower bound, `currentMax` its upper one).
       */
      bound?: 'at-least' | 'undecided'
      currentMax?: number
    }
  | { kind: 'oom-risk'; severity: 'warning'; subject: VerdictSubject; notes: string[] }
  | { kind: 'new'; severity: 'info'; subject: VerdictSubject }
  | { kind: 'removed'; severity: 'info'; subject: VerdictSubject }

function subjectOf(test: TestReport | BaselineTest): VerdictSubject {
  return {
    file: test.file,
    name: test.name,
    ...(test.project === undefined ? {} : { project: test.project }),
    scope: 'test',
  }
}

/**
 * The figures that can be compared for one test.
 * - Peak RSS growth only when it was measured the same way on both sides (kernel
 *   high-water mark or sampling, own process or a threads pool's shared one): a sampled
 *   peak misses spikes the kernel counts, and shared RSS includes other files' memory.
 * - Retained heap only when both runs forced a GC or bounded the figure (`gc: 'auto'`, see
 *   `checkRetained`): measured here without either, the same suite's retained heap varied
 *   by up to 35 MB between unchanged runs (garbage not yet collected), which no useful
 *   tolerance absorbs.
 */
export function gatedMetrics(base: BaselineTest, current: TestMemory): GateMetric[] {
  const metrics: GateMetric[] = []
  if (peakComparable(base, current)) metrics.push('peakRssDelta')
  if (retainedComparable(base, current)) metrics.push('retainedHeap')
  return metrics
}

/** Whether both peaks were measured alike; a baseline without the fields is trusted. */
function peakComparable(base: BaselineTest, current: TestMemory): boolean {
  return (
    current.peakMethod !== 'none' &&
    (base.peakMethod ?? current.peakMethod) === current.peakMethod &&
    (base.rssScope ?? current.rssScope) === current.rssScope
  )
}

/**
 * One test's figures against its baseline entry: each comparable metric
 * ({@link gatedMetrics}) with the limit the tolerance allows and whether it went over.
 * Pure; the gate's verdicts and the report's `gate` outcomes both come from it.
 */
export function compareFigures(
  base: BaselineTest,
  current: TestMemory,
  tolerance: Tolerance,
): GateComparison[] {
  return gatedMetrics(base, current).map((metric) => {
    if (metric === 'retainedHeap') return compareRetained(base, current, tolerance)
    const limit = allowedValue(base[metric], tolerance)
    return {
      metric,
      current: current[metric],
      baseline: base[metric],
      limit,
      delta: current[metric] - base[metric],
      regressed: current[metric] > limit,
    }
  })
}

/**
 * Retained heap, which `gc: 'auto'` may have measured as a bound rather than exactly:
 * {@link checkRetained} decides, and the comparison says how sure it is.
 */
function compareRetained(
  base: BaselineTest,
  current: TestMemory,
  tolerance: Tolerance,
): GateComparison {
  const outcome = checkRetained(base, current, tolerance)
  const method = current.retainedMethod
  if (!outcome.regression) {
    const baseline = retainedBaseValue(base)
    const limit = allowedValue(baseline, tolerance)
    return {
      metric: 'retainedHeap',
      current: current.retainedHeap,
      baseline,
      limit,
      delta: current.retainedHeap - baseline,
      regressed: false,
    }
  }
  const exact = outcome.why === 'proven' && (method === undefined || method === 'exact')
  return {
    metric: 'retainedHeap',
    current: outcome.current,
    baseline: outcome.baseline,
    limit: outcome.allowed,
    delta: outcome.current - outcome.baseline,
    regressed: true,
    ...(exact ? {} : { bound: outcome.why === 'proven' ? 'at-least' : 'undecided' }),
    ...(outcome.why === 'undecided' && current.retainedHeapMax !== undefined
      ? { currentMax: current.retainedHeapMax }
      : {}),
  }
}

/** Leaks that fail: those no allow-list entry excused. */
function failingLeaks(leaks: readonly LeakEntry[]): LeakEntry[] {
  return leaks.filter((leak) => leak.allowedReason === undefined)
}

/**
 * Compares a run with its baseline. Pure.
 *
 * Leaks, `over-limit` and crashed tests fail whatever the baseline says. A test's
 * `peakRssDelta` and `retainedHeap`, where comparable ({@link gatedMetrics}), fail when above
 * `max(base × (1 + relative), base + floor)`. Tests missing from either side are
 * reported as `new` / `removed`, for information.
 *
 * @param baseline - `undefined` to check only leaks, limits and crashes
 */
export function compareWithBaseline(
  current: Report,
  baseline: Baseline | undefined,
  tolerance: Tolerance,
): Verdict[] {
  const verdicts: Verdict[] = []
  const accepted = new Map(baseline?.tests.map((test) => [testKey(test), test]))
  const ran = new Set<string>()

  for (const test of current.tests) {
    const subject = subjectOf(test)
    ran.add(testKey(test))
    const leaks = failingLeaks(test.leaks)
    if (leaks.length > 0) verdicts.push({ kind: 'leak', severity: 'error', subject, leaks })
    if (test.status === 'over-limit') {
      verdicts.push({ kind: 'over-limit', severity: 'error', subject, notes: test.notes ?? [] })
    }
    if (test.status === 'crashed' || test.state === 'crashed') {
      verdicts.push({ kind: 'crashed', severity: 'error', subject })
    }
    if (test.status === 'oom-risk') {
      verdicts.push({ kind: 'oom-risk', severity: 'warning', subject, notes: test.notes ?? [] })
    }
    if (baseline === undefined || test.memory === null) continue
    const base = accepted.get(testKey(test))
    if (base === undefined) {
      verdicts.push({ kind: 'new', severity: 'info', subject })
      continue
    }
    for (const comparison of compareFigures(base, test.memory, tolerance)) {
      if (!comparison.regressed) continue
      verdicts.push({
        kind: 'regression',
        severity: 'error',
        subject,
        metric: comparison.metric,
        current: comparison.current,
        baseline: comparison.baseline,
        allowed: comparison.limit,
        ...(comparison.bound === undefined ? {} : { bound: comparison.bound }),
        ...(comparison.currentMax === undefined ? {} : { currentMax: comparison.currentMax }),
      })
    }
  }

  for (const scope of current.scopes) {
    const leaks = failingLeaks(scope.leaks)
    if (leaks.length === 0) continue
    const subject: VerdictSubject = { file: scope.file, name: scope.name, scope: scope.scope }
    verdicts.push({ kind: 'leak', severity: 'error', subject, leaks })
  }

  for (const test of baseline?.tests ?? []) {
    if (!ran.has(testKey(test))) {
      verdicts.push({ kind: 'removed', severity: 'info', subject: subjectOf(test) })
    }
  }
  return verdicts
}
