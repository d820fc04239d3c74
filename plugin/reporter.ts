import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Reporter, TestCase, TestModule, TestRunEndReason, Vitest } from 'vitest/node'
import { writeFileAtomic } from '../src/report/atomic-file.js'
import { buildReport, type TestRow } from '../src/report/build-report.js'
import { isReportInputError } from '../src/report/errors.js'
import type { LogEvent } from '../src/report/log-events.js'
import { mergeWorkerLogs, workerLogPaths, writeMergedLog } from '../src/report/merge-logs.js'
import type { Report, RunEnvironment, ScopeReport, TestState } from '../src/report/model.js'
import {
  rerunWithHeapDiffs,
  retainedLimitFailures,
  retainedRegressions,
} from './heap-diff-rerun.js'
import { readLeakguardMeta } from './meta.js'
import type { ResolvedOptions } from './options.js'
import { writeRunEndReports } from './run-end-reports.js'
import { relativePath } from './task-names.js'
import { formatTerminalSummary } from './terminal-summary.js'

function testState(testCase: TestCase): TestState {
  const state = testCase.result().state
  if (state === 'passed') return 'pass'
  if (state === 'failed') return 'fail'
  return testCase.options.mode === 'todo' ? 'todo' : 'skip'
}

/**
 * leakguard's reporter, in the main process: it gathers each test's `task.meta.leakguard`,
 * merges the workers' logs, writes `report.json` (atomically) and `memory.jsonl`, and
 * prints a short summary. Added by the plugin; you do not configure it yourself.
 */
export class LeakguardReporter implements Reporter {
  #vitest: Vitest | undefined
  #startedAt = Date.now()
  #lastReport: Report | undefined

  constructor(private readonly options: ResolvedOptions) {}

  /** The report written by the last run, for tools that embed the reporter. */
  get lastReport(): Report | undefined {
    return this.#lastReport
  }

  onInit(vitest: Vitest): void {
    this.#vitest = vitest
    this.#startedAt = Date.now()
    // Logs left by a killed earlier run would otherwise be merged into this one.
    rmSync(join(this.options.outDir, 'workers'), { recursive: true, force: true })
    // `vitest run` answers SIGINT/SIGTERM by exiting a millisecond later, without ending
    // the run: no onTestRunEnd. Write what is known now, synchronously, marked incomplete.
    process.once('SIGINT', this.#onSignal)
    process.once('SIGTERM', this.#onSignal)
    vitest.onClose(() => {
      process.off('SIGINT', this.#onSignal)
      process.off('SIGTERM', this.#onSignal)
    })
  }

  readonly #onSignal = (signal: NodeJS.Signals): void => {
    if (!this.#vitest) return
    this.#vitest.logger.error(`leakguard: ${signal}: writing the report of the tests so far`)
    this.onTestRunEnd(this.#vitest.state.getTestModules(), [], 'interrupted')
  }

  onTestRunStart(): void {
    // In watch mode each rerun is its own session in memory.jsonl.
    this.#startedAt = Date.now()
  }

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    _errors: ReadonlyArray<unknown>,
    reason: TestRunEndReason,
  ): void | Promise<void> {
    const root = this.options.root
    const tests: TestRow[] = []
    const scopes: ScopeReport[] = []
    for (const module of testModules) {
      const file = relativePath(root, module.moduleId)
      const project = module.project.name || undefined
      for (const testCase of module.children.allTests()) {
        tests.push(this.#testRow(testCase, file, project))
      }
      for (const owner of [module, ...module.children.allSuites()]) {
        const meta = readLeakguardMeta(owner.meta())
        if (meta?.type !== 'scope') continue
        const name = owner.type === 'module' ? file : owner.fullName
        scopes.push({ file, name, scope: meta.scope, leaks: meta.leaks })
      }
    }
    const logs = workerLogPaths(this.options.outDir)
    const merged = mergeWorkerLogs(logs, { interrupted: reason === 'interrupted' })
    const environment = {
      platform: process.platform,
      arch: process.arch,
      node: process.version,
      vitest: this.#vitest?.version ?? 'unknown',
      pool: String(this.#vitest?.config.pool ?? 'forks'),
    }
    const report = buildReport({
      createdAt: new Date(),
      environment,
      tests,
      scopes,
      // An interrupted run stops its workers mid-test: those tests did not crash.
      crashed: reason === 'interrupted' ? [] : merged.crashed,
      interrupted: reason === 'interrupted' ? merged.crashed : [],
      ended: merged.events.filter((event) => event.type === 'test-end'),
      finished: reason !== 'interrupted',
    })
    this.#lastReport = report
    // A heap diff only explains retained memory; an interrupted run is ending at once.
    const targets =
      reason === 'interrupted' || this.options.heapDiff !== 'on-failure'
        ? []
        : [
            ...retainedLimitFailures(testModules, report, root),
            ...retainedRegressions(report, this.options),
          ]
    if (targets.length === 0) return this.#finish(report, merged, logs, environment, [])
    const configFile = this.#vitest?.vite.config.configFile
    return rerunWithHeapDiffs(targets, { options: this.options, configFile })
      .catch((error: unknown) => [`leakguard: the heap-diff rerun failed: ${String(error)}`])
      .then((lines) => this.#finish(report, merged, logs, environment, lines))
  }

  #finish(
    report: Report,
    merged: ReturnType<typeof mergeWorkerLogs>,
    logs: string[],
    environment: RunEnvironment,
    heapDiffLines: string[],
  ): void {
    // A file that cannot be written (full disk, read-only dir) must not stop the others,
    // nor the summary: say which, fail the run, and keep going. Its previous copy stays.
    const unwritten: string[] = []
    const attempt = <T>(write: () => T): T | undefined => {
      try {
        return write()
      } catch (error) {
        if (!isReportInputError(error, 'FileUnwritable')) throw error
        unwritten.push(`leakguard: ${error.message}`)
        return undefined
      }
    }
    const written: string[] = []
    attempt(() =>
      writeFileAtomic(
        join(this.options.outDir, 'report.json'),
        `${JSON.stringify(report, null, 2)}\n`,
      ),
    )
    if (unwritten.length === 0) written.push('report.json')
    const session: LogEvent[] = [
      { type: 'session-start', time: this.#startedAt, pid: process.pid, ...environment },
      ...merged.events,
      {
        type: 'session-end',
        time: Date.now(),
        pid: process.pid,
        complete: report.complete,
        tests: report.tests.length,
        leaks: report.tests.reduce((sum, test) => sum + test.leaks.length, 0),
      },
    ]
    // On failure the worker logs are kept (they are deleted only after a merged write).
    const failuresBefore = unwritten.length
    attempt(() => writeMergedLog(join(this.options.outDir, 'memory.jsonl'), session, logs))
    if (unwritten.length === failuresBefore) written.push('memory.jsonl')
    const log = (text: string) => (this.#vitest ? this.#vitest.logger.log(text) : console.log(text))
    for (const warning of merged.warnings) log(`leakguard: ${warning}`)
    for (const line of heapDiffLines) log(line)
    log(formatTerminalSummary(report, this.options, written))
    const outcome = attempt(() => writeRunEndReports(report, this.options))
    for (const line of outcome?.lines ?? []) log(line)
    const error = (text: string) =>
      this.#vitest ? this.#vitest.logger.error(text) : console.error(text)
    for (const line of unwritten) error(line)
    // Like vitest's coverage thresholds: the run fails, the tests keep their own states.
    if (outcome?.failed || unwritten.length > 0) process.exitCode = 1
  }

  #testRow(testCase: TestCase, file: string, project: string | undefined): TestRow {
    const meta = readLeakguardMeta(testCase.meta())
    const test = meta?.type === 'test' ? meta : undefined
    const row: TestRow = {
      file,
      name: testCase.fullName,
      state: testState(testCase),
      status: test?.status ?? 'ok',
      leaks: test?.leaks ?? [],
      memory: test?.memory ?? null,
      durationMs: testCase.diagnostic()?.duration ?? null,
    }
    if (project !== undefined) row.project = project
    if (test?.pid !== undefined) row.pid = test.pid
    if (test && test.notes.length > 0) row.notes = test.notes
    if (test?.heapDiff) row.heapDiff = test.heapDiff
    if (testCase.result().state === 'pending' && testCase.options.mode === 'run') {
      return { ...row, noResult: true }
    }
    return row
  }
}
