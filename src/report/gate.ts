import type { Baseline, BaselineEnvironment } from './baseline.js'
import {
  compareWithBaseline,
  type GateMetric,
  gatedMetrics,
  type Verdict,
  type VerdictSubject,
} from './compare.js'
import { reportGate, testGateOutcomes } from './gate-outcome.js'
import { describeHandle } from './handle-ref.js'
import type { Report, ReportGate, TestGateOutcome } from './model.js'
import { formatDelta } from './size.js'
import { testKey } from './test-key.js'
import { DEFAULT_TOLERANCE, describeTolerance, type Tolerance } from './tolerance.js'

/** Options of {@link runGate}. */
export interface GateOptions {
  /** The accepted figures; `undefined` checks only leaks, limits and crashes. */
  baseline?: Baseline | undefined
  /**
   * Allowed growth over the baseline.
   * @default DEFAULT_TOLERANCE (10% with a 16 MB floor)
   */
  tolerance?: Partial<Tolerance> | undefined
  /** The baseline's path as the user named it, for `report.json`'s `gate.baseline`. */
  baselinePath?: string | undefined
}

/** The gate's outcome: the verdicts, the lines to print, and whether it passed. */
export interface GateResult {
  verdicts: Verdict[]
  /** One line per verdict, `ERROR:` / `WARNING:` / `INFO:`, then a closing summary. */
  lines: string[]
  /** False when any verdict is an error. */
  ok: boolean
  /** Tests compared with a baseline entry. */
  checked: number
  tolerance: Tolerance
  /** Each test's outcome, by `testKey`: written into the report by `withGate`. */
  outcomes: ReadonlyMap<string, TestGateOutcome>
  /** The run's outcome, as `report.json`'s `gate` holds it. */
  summary: ReportGate
}

/** `new` / `removed` lines printed one by one; the rest are counted in one line. */
const MAX_INFO_LINES = 10

function subjectText(subject: VerdictSubject): string {
  const project = subject.project === undefined ? '' : ` [${subject.project}]`
  const what =
    subject.scope === 'test' ? 'test' : subject.scope === 'suite' ? 'suite' : 'file scope'
  return `${what} "${subject.name}"${project}`
}

function percentOver(current: number, base: number): string {
  return base > 0
    ? `${current >= base ? '+' : ''}${Math.round(((current - base) / base) * 100)}%, `
    : ''
}

/**
 * One line per verdict, in the shape of vitest's coverage gate:
 * `ERROR: test "ensemble > writes stores" peaked +412.0 MB, baseline +96.0 MB (+329%,
 * tolerance 10% with 16.0 MB floor) for test/ensemble.test.ts`.
 */
export function formatVerdict(verdict: Verdict, tolerance: Tolerance): string {
  const who = subjectText(verdict.subject)
  const where = `for ${verdict.subject.file}`
  switch (verdict.kind) {
    case 'leak': {
      const handles = verdict.leaks
        .map((leak) => `${describeHandle(leak)} opened at ${leak.openedAt}`)
        .join(', ')
      const count = verdict.leaks.length === 1 ? '1 handle' : `${verdict.leaks.length} handles`
      return `ERROR: ${who} left ${count} open: ${handles} ${where}`
    }
    case 'over-limit':
      return `ERROR: ${who} went over its memory limit${notes(verdict.notes)} ${where}`
    case 'crashed':
      return `ERROR: ${who} crashed: its worker died while it ran ${where}`
    case 'regression': {
      const figure =
        verdict.metric === 'peakRssDelta'
          ? `peaked ${formatDelta(verdict.current)}`
          : retainedFigure(verdict)
      return `ERROR: ${who} ${figure}, baseline ${formatDelta(verdict.baseline)} (${percentOver(verdict.current, verdict.baseline)}tolerance ${describeTolerance(tolerance)}) ${where}`
    }
    case 'oom-risk':
      return `WARNING: ${who} came near the memory limit${notes(verdict.notes)} ${where}`
    case 'new':
      return `INFO: new ${who} has no baseline yet ${where}`
    case 'removed':
      return `INFO: ${who} is in the baseline but did not run ${where}`
  }
}

/**
 * `retained +58.1 MB`, or as far as a `gc: 'auto'` figure is known: `retained at least
 * +40.2 MB`, or `retained +3.0 MB to +60.0 MB (undecided …)`.
 */
function retainedFigure(verdict: Extract<Verdict, { kind: 'regression' }>): string {
  const value = formatDelta(verdict.current)
  if (verdict.bound === 'at-least') return `retained at least ${value}`
  if (verdict.bound !== 'undecided') return `retained ${value}`
  const range =
    verdict.currentMax === undefined
      ? `at most ${value}`
      : `${value} to ${formatDelta(verdict.currentMax)}`
  return `retained ${range} (undecided without a forced GC at its start: set gc: true to measure it exactly)`
}

function notes(list: readonly string[]): string {
  return list.length > 0 ? `: ${list.join('; ')}` : ''
}

function describeEnvironment(environment: BaselineEnvironment): string {
  return `${environment.platform} ${environment.arch}, Node ${environment.node}, vitest ${environment.vitest}`
}

/**
 * A warning when the baseline was recorded elsewhere: memory figures differ between
 * platforms, Node versions and vitest versions, so a failure may not be a regression.
 */
export function environmentWarning(report: Report, baseline: Baseline): string | undefined {
  const fields = ['platform', 'arch', 'node', 'vitest'] as const
  if (fields.every((field) => report.environment[field] === baseline.environment[field])) {
    return undefined
  }
  return `WARNING: the baseline was recorded on ${describeEnvironment(baseline.environment)}; this run is on ${describeEnvironment(report.environment)}: figures may not compare (re-record with \`leakguard gate --update\`)`
}

/**
 * The memory gate: compares a report with its baseline and says what falls short.
 * Returns data; the CLI (or the plugin's `gate: true`) turns `ok: false` into exit code 1.
 */
export function runGate(report: Report, options: GateOptions = {}): GateResult {
  const tolerance: Tolerance = { ...DEFAULT_TOLERANCE, ...options.tolerance }
  const { baseline } = options
  const verdicts = compareWithBaseline(report, baseline, tolerance)
  const lines: string[] = []
  const warning = baseline && environmentWarning(report, baseline)
  if (warning) lines.push(warning)
  if (!report.complete) {
    lines.push(
      'WARNING: the run was incomplete (interrupted, or a worker crashed): figures are partial',
    )
  }
  // Errors first so they lead the output; within a severity, the report's order.
  const rank = { error: 0, warning: 1, info: 2 } as const
  const ordered = [...verdicts].sort((a, b) => rank[a.severity] - rank[b.severity])
  // Every error and warning is named; `new` and `removed` are information, and a suite
  // recorded without a baseline would otherwise print one line per test.
  const shownInfo = { new: 0, removed: 0 }
  for (const verdict of ordered) {
    if (verdict.kind === 'new' || verdict.kind === 'removed') {
      if (++shownInfo[verdict.kind] > MAX_INFO_LINES) continue
    }
    lines.push(formatVerdict(verdict, tolerance))
  }
  for (const kind of ['new', 'removed'] as const) {
    const more = shownInfo[kind] - MAX_INFO_LINES
    if (more > 0) {
      lines.push(
        `INFO: ${more} more ${kind === 'new' ? 'new tests have no baseline yet' : 'tests are in the baseline but did not run'}`,
      )
    }
  }

  const failures = verdicts.filter((verdict) => verdict.severity === 'error').length
  const withBaseline = new Set(baseline?.tests.map(testKey))
  const checked = report.tests.filter(
    (test) => test.memory !== null && withBaseline.has(testKey(test)),
  ).length
  const ungatedPeak = countUngated(report, baseline, 'peakRssDelta')
  if (ungatedPeak > 0) {
    lines.push(
      `WARNING: peak RSS not compared for ${ungatedPeak === 1 ? '1 test' : `${ungatedPeak} tests`}: the baseline measured it differently (kernel high-water mark or sampling, own process or a threads pool's shared one); re-record it where the gate runs (\`leakguard gate --update\`)`,
    )
  }
  const ungatedRetained = countUngated(report, baseline, 'retainedHeap')
  if (ungatedRetained > 0) {
    lines.push(
      `INFO: retained heap not compared for ${ungatedRetained === 1 ? '1 test' : `${ungatedRetained} tests`}: measured without a forced GC (set \`gc: true\` in leakguard() to gate it)`,
    )
  }
  if (baseline === undefined) {
    lines.push(
      `leakguard gate: ${failures === 0 ? 'passed' : `${failures} failed`} (no baseline: checked leaks, limits and crashes only)`,
    )
  } else {
    lines.push(
      `leakguard gate: ${failures === 0 ? 'passed' : `${failures} failed`}, ${checked} of ${report.tests.length} tests compared with the baseline (tolerance ${describeTolerance(tolerance)})`,
    )
  }
  const ok = failures === 0
  const summary = reportGate({
    verdicts,
    ok,
    checked,
    tolerance,
    baselinePath: baseline === undefined ? undefined : options.baselinePath,
    environmentWarning: warning || undefined,
  })
  const outcomes = testGateOutcomes(report, baseline, tolerance)
  return { verdicts, lines, ok, checked, tolerance, outcomes, summary }
}

/** Tests compared with the baseline whose `metric` was not (see `gatedMetrics`). */
function countUngated(report: Report, baseline: Baseline | undefined, metric: GateMetric): number {
  if (baseline === undefined) return 0
  const accepted = new Map(baseline.tests.map((test) => [testKey(test), test]))
  return report.tests.filter((test) => {
    const base = accepted.get(testKey(test))
    return (
      base !== undefined &&
      test.memory !== null &&
      !gatedMetrics(base, test.memory).includes(metric)
    )
  }).length
}
