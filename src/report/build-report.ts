import { formatSize } from '../memory/size.js'
import type { TestEndEvent, TestGcEvent, TestStartEvent } from './log-events.js'
import {
  REPORT_SCHEMA_VERSION,
  type Report,
  type RunEnvironment,
  type ScopeReport,
  type TestReport,
} from './model.js'
import { loggedTestKey } from './test-key.js'
import { describeHeapGrowth, workerReports } from './worker-gc.js'

/** A test as the reporter saw it, before it becomes a `TestReport`. */
export interface TestRow extends TestReport {
  /**
   * vitest holds no result for it though it was meant to run (not skipped, not todo):
   * its worker stopped before it ran or reported. Not written to the report.
   */
  readonly noResult?: boolean
}

/** Everything `buildReport` assembles. */
export interface ReportInput {
  readonly createdAt: Date
  readonly environment: RunEnvironment
  readonly tests: readonly TestRow[]
  readonly scopes: readonly ScopeReport[]
  /** Tests whose worker died mid-test (from the worker logs). */
  readonly crashed: readonly TestStartEvent[]
  /**
   * Tests still running when the run was interrupted (SIGINT): they keep vitest's row
   * (no figures) and get a note with the memory at their start. Not crashed.
   */
  readonly interrupted?: readonly TestStartEvent[]
  /**
   * The workers' `test-end` lines. They fill in tests whose results never reached the
   * main process (their worker died before its last batch of updates was sent).
   */
  readonly ended?: readonly TestEndEvent[]
  /** The workers' `test-gc` lines: each worker's GC figures and heap growth. */
  readonly gc?: readonly TestGcEvent[]
  /** False when the run was interrupted. */
  readonly finished: boolean
}

/**
 * Builds `report.json`'s content. Pure. A crashed test replaces the row vitest had for
 * it (usually a failed or pending test without figures) and makes the report incomplete.
 */
export function buildReport(input: ReportInput): Report {
  const crashedKeys = new Map(input.crashed.map((start) => [loggedTestKey(start), start]))
  const ended = new Map((input.ended ?? []).map((end) => [loggedTestKey(end), end]))
  const running = new Map((input.interrupted ?? []).map((start) => [loggedTestKey(start), start]))
  const tests: TestReport[] = input.tests.map(({ noResult, ...row }) => {
    const key = loggedTestKey(row)
    const crash = crashedKeys.get(key)
    if (!crash) {
      const end = row.memory === null ? ended.get(key) : undefined
      if (end) return fromLog(row, end)
      const start = row.memory === null ? running.get(key) : undefined
      if (start) return { ...row, notes: [...(row.notes ?? []), interruptedNote(start)] }
      // Shown as skipped, but not by the user's choice: say why it has no result.
      const never = 'Never ran: its worker stopped before it (a crash in its file, or an interrupt)'
      return noResult ? { ...row, notes: [...(row.notes ?? []), never] } : row
    }
    crashedKeys.delete(key)
    return crashedRow(crash, row.project)
  })
  for (const crash of crashedKeys.values()) tests.push(crashedRow(crash, undefined))
  const workers = workerReports(input.gc ?? [])
  // The warning goes on the test that ended the streak, where a reader of that file looks.
  const growthNotes = new Map<string, string>()
  for (const worker of workers) {
    const text = describeHeapGrowth(worker)
    if (text && worker.growth) growthNotes.set(loggedTestKey(worker.growth.to), text)
  }
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    createdAt: input.createdAt.toISOString(),
    complete: input.finished && input.crashed.length === 0,
    environment: input.environment,
    tests:
      growthNotes.size === 0
        ? tests
        : tests.map((test) => {
            const note = growthNotes.get(loggedTestKey(test))
            return note ? { ...test, notes: [...(test.notes ?? []), `Warning: ${note}`] } : test
          }),
    scopes: [...input.scopes],
    ...(workers.length === 0 ? {} : { workers }),
  }
}

/** A row completed from the worker's log: its figures, and leaks without their stacks. */
function fromLog(row: TestReport, end: TestEndEvent): TestReport {
  return {
    ...row,
    state: end.state,
    status: end.status,
    memory: end.memory,
    pid: end.pid,
    leaks: end.leaks.map((leak) => ({ ...leak, stack: '', state: 'open' })),
    notes: [
      ...(row.notes ?? []),
      'Completed from the worker log: its result never reached the main process (its worker died, or the run was interrupted)',
    ],
  }
}

function interruptedNote(start: TestStartEvent): string {
  return (
    `The run was interrupted while it ran (pid ${start.pid}); figures at its start: ` +
    `rss ${formatSize(start.rss)}, heap used ${formatSize(start.heapUsed)}`
  )
}

function crashedRow(start: TestStartEvent, project: string | undefined): TestReport {
  const row: TestReport = {
    file: start.file,
    name: start.name,
    state: 'crashed',
    status: 'crashed',
    leaks: [],
    memory: null,
    durationMs: null,
    pid: start.pid,
    notes: [
      `Its worker (pid ${start.pid}) died while it ran; last figures at its start: ` +
        `rss ${formatSize(start.rss)}, heap used ${formatSize(start.heapUsed)}`,
    ],
  }
  if (project !== undefined) row.project = project
  return row
}
