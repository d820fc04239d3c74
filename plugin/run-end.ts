import type { TestModule, TestRunEndReason } from 'vitest/node'
import { buildReport } from '../src/report/build-report.js'
import { composeReport } from '../src/report/compose-report.js'
import type { LogEvent } from '../src/report/log-events.js'
import { type MergedLogs, mergeWorkerLogs, workerLogPaths } from '../src/report/merge-logs.js'
import type { Report, RunEnvironment } from '../src/report/model.js'
import { countStatuses } from '../src/report/status-counts.js'
import { type RerunOutcome, rerunWithHeapDiffs } from './heap-diff-rerun.js'
import { retainedLimitFailures, retainedRegressions } from './heap-diff-targets.js'
import type { ResolvedOptions } from './options.js'
import { writeRunFiles } from './report-files.js'
import { collectRows } from './report-rows.js'
import { type PluginGate, runPluginGate } from './run-gate.js'
import { formatTerminalSummary } from './terminal-summary.js'

/** What the end of a run needs from the reporter. */
export interface RunEndContext {
  readonly options: ResolvedOptions
  readonly environment: RunEnvironment
  /** When the run (or this watch-mode rerun) started, for `memory.jsonl`'s session-start. */
  readonly startedAt: number
  /** The config file vitest loaded, for the heap-diff rerun. */
  readonly configFile: string | undefined
  /** Prints a line to the terminal (vitest's logger). */
  readonly log: (text: string) => void
  /** Prints an error line to the terminal. */
  readonly error: (text: string) => void
}

/** What the measurement stage produced, before anything was decided on it. */
interface Measured {
  readonly report: Report
  readonly merged: MergedLogs
  readonly logs: string[]
}

/**
 * The end of a run, in order: measure (rows from `task.meta`, merged worker logs, the
 * measured report), decide (the gate, then a heap-diff rerun of the tests that failed a
 * retained-memory check), then compose the report once and write and print it.
 * Synchronous when nothing is rerun, so a signal handler can write the report before
 * vitest exits; a promise while the rerun runs.
 */
export function endRun(
  modules: ReadonlyArray<TestModule>,
  reason: TestRunEndReason,
  context: RunEndContext,
): void | Promise<void> {
  const { options } = context
  const interrupted = reason === 'interrupted'
  const measured = measure(modules, interrupted, context)
  const gate = runPluginGate(measured.report, options)
  // A heap diff only explains retained memory; an interrupted run is ending at once.
  const targets =
    interrupted || options.heapDiff !== 'on-failure'
      ? []
      : [
          ...retainedLimitFailures(modules, measured.report, options.root),
          ...retainedRegressions(measured.report, gate.result),
        ]
  if (targets.length === 0) return publish(measured, gate, { findings: [], lines: [] }, context)
  return rerunWithHeapDiffs(targets, { options, configFile: context.configFile })
    .catch(
      (error: unknown): RerunOutcome => ({
        findings: [],
        lines: [`leakguard: the heap-diff rerun failed: ${String(error)}`],
      }),
    )
    .then((rerun) => publish(measured, gate, rerun, context))
}

function measure(
  modules: ReadonlyArray<TestModule>,
  interrupted: boolean,
  context: RunEndContext,
): Measured {
  const { tests, scopes } = collectRows(modules, context.options.root)
  const logs = workerLogPaths(context.options.outDir)
  const merged = mergeWorkerLogs(logs, { interrupted })
  const report = buildReport({
    createdAt: new Date(),
    environment: context.environment,
    tests,
    scopes,
    // An interrupted run stops its workers mid-test: those tests did not crash.
    crashed: interrupted ? [] : merged.crashed,
    interrupted: interrupted ? merged.crashed : [],
    ended: merged.events.filter((event) => event.type === 'test-end'),
    gc: merged.events.filter((event) => event.type === 'test-gc'),
    finished: !interrupted,
  })
  return { report, merged, logs }
}

function publish(
  measured: Measured,
  gate: PluginGate,
  rerun: RerunOutcome,
  context: RunEndContext,
): void {
  const { options } = context
  const report = composeReport(measured.report, {
    gate: gate.result,
    heapDiffs: rerun.findings,
  })
  // The workers' lines as they wrote them: serialising every event again took 4 ms of
  // a 1,000-test run's end (cold code, 7.3 -> 3.2 ms for the merge and write).
  const session: Array<LogEvent | string> = [
    { type: 'session-start', time: context.startedAt, pid: process.pid, ...context.environment },
    ...measured.merged.lines,
    {
      type: 'session-end',
      time: Date.now(),
      pid: process.pid,
      complete: report.complete,
      tests: report.tests.length,
      leaks: report.tests.reduce((sum, test) => sum + test.leaks.length, 0),
      statuses: countStatuses(report.tests),
    },
  ]
  const files = writeRunFiles(report, session, measured.logs, options.outDir, gate.result)
  for (const warning of measured.merged.warnings) context.log(`leakguard: ${warning}`)
  for (const line of rerun.lines) context.log(line)
  context.log(formatTerminalSummary(report, options, files.written))
  for (const line of [...files.annotations, ...gate.lines]) context.log(line)
  for (const line of files.unwritten) context.error(line)
  // Like vitest's coverage thresholds: the run fails, the tests keep their own states.
  if (gate.failed || files.unwritten.length > 0) process.exitCode = 1
}
