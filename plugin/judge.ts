import { writeSync } from 'node:fs'
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { RunnerTask, RunnerTestCase, RunnerTestSuite } from 'vitest'
import { type HandleRecord, handles } from '../src/handles/index.js'
import { getForcedGc } from '../src/memory/force-gc.js'
import { readMemoryLimit } from '../src/memory/memory-limit.js'
import type { PeakProbe } from '../src/memory/peak.js'
import { formatSize } from '../src/memory/size.js'
import { finishSnapshot, type MemoryStart } from '../src/memory/test-snapshot.js'
import type { LeakEntry, RssScope, TestStatus } from '../src/report/model.js'
import { oomRisk } from '../src/report/status.js'
import { failTask, type TaskError } from './fail-task.js'
import { findFixtureHolders } from './fixture-holders.js'
import { formatLeakMessage, type LeakSubject, leakErrorStack } from './leak-message.js'
import type { LeakguardScopeMeta, LeakguardTestMeta } from './meta.js'
import { fileOwner, suiteOwner, testOwner } from './owner-keys.js'
import { fullTaskName, relativeFile } from './task-names.js'
import { awaitOpensInFlight, OPEN_IN_FLIGHT_WAIT_MS, settle, toLeakEntry } from './verdict.js'
import type { WorkerFixtures } from './worker-fixtures.js'
import type { WorkerLog } from './worker-log.js'
import type { WorkerOptions } from './worker-options.js'

/** A handle held by a fixture's value when its test ended: judged when the file ends. */
interface DeferredHandle {
  readonly id: string
  readonly fixture: string
  readonly test: string
}

/** What the runner keeps between a test's verdict and its file's. */
export interface ScopeJudgeState {
  /** By file path. */
  readonly deferred: Map<string, DeferredHandle[]>
  /** Vitest's teardown of worker-scoped fixtures, taken over from the runner. */
  readonly workerFixtures: WorkerFixtures
  /** True when no file runs in this worker after `file` (isolated workers). */
  readonly isLastFile: (file: RunnerTestSuite) => boolean
}

/** What `judgeTest` needs from the runner. */
export interface TestJudgeContext {
  readonly options: WorkerOptions
  readonly peak: PeakProbe
  readonly log: WorkerLog
  readonly scopes: ScopeJudgeState
  readonly rssScope: RssScope
  /** Receives the fd count at the test's end, which may serve as the next test's start. */
  readonly fdsAtEnd: (fds: number | null) => void
}

let memoryLimitBytes: number | undefined

function entries(records: HandleRecord[], options: WorkerOptions): LeakEntry[] {
  const leaks = records.map((record) => toLeakEntry(record, options.root, options.allow))
  // Reported once: a later scope must not blame the same handle again.
  for (const record of records) handles.forget(record.id)
  return leaks
}

/**
 * The verdict on one test, after all its teardown: memory figures, leaks (after a short
 * settle), allow-list, memory limit. Fails the test through its result when `onLeak` is
 * `'fail'` or a limit is passed, writes `task.meta.leakguard` and the `test-end` line.
 */
export async function judgeTest(
  test: RunnerTestCase,
  start: MemoryStart,
  context: TestJudgeContext,
): Promise<TestStatus> {
  const { options } = context
  const { memory, fds } = finishSnapshot(start, {
    peak: context.peak,
    gc: options.gc,
    rssScope: context.rssScope,
  })
  context.fdsAtEnd(fds)
  const name = fullTaskName(test)
  const file = relativeFile(test, options.root)
  const notes: string[] = []
  let leaks: LeakEntry[] = []
  if (options.onLeak !== 'off') {
    const owner = testOwner(test.id)
    const inFlight = await awaitOpensInFlight(owner)
    if (inFlight > 0) {
      notes.push(
        `${inFlight} open(s) begun by this test were still under way ${OPEN_IN_FLIGHT_WAIT_MS} ms ` +
          'after it ended; what they open is checked when its file ends',
      )
    }
    let open = await settle(() => handles.open(owner), options.settleTurns)
    if (open.length > 0 && options.gc) {
      // The GC after the test may have run while the dropped handle was still reachable
      // from a settling promise; one more, then a turn for the finalizers, tells a
      // dropped handle (collected-while-open) from one still referenced. After a turn:
      // `open()` asked each handle's own state through a WeakRef, and reading a WeakRef
      // keeps its target alive until the current job ends (a dropped FileHandle was).
      await nextTurn()
      getForcedGc()()
      open = await settle(() => handles.open(owner), 1)
    }
    const held = findFixtureHolders(test.context, open)
    if (held.size > 0) {
      const deferred = context.scopes.deferred.get(test.file.filepath) ?? []
      for (const [id, fixture] of held) deferred.push({ id, fixture, test: name })
      context.scopes.deferred.set(test.file.filepath, deferred)
    }
    const blamed = open.filter((record) => !held.has(record.id))
    leaks = entries([...blamed, ...handles.drainCollected(owner)], options)
  }
  const failing = leaks.filter((leak) => leak.allowedReason === undefined)
  let status: TestStatus = 'ok'
  const subject: LeakSubject = { kind: 'test', name, file }
  if (failing.length > 0) {
    status = 'leak'
    const message = formatLeakMessage(subject, failing)
    if (options.onLeak === 'fail') {
      failTask(test, { name: 'HandleLeakError', message, stack: leakErrorStack(message, failing) })
    } else {
      console.warn(`leakguard (onLeak: 'warn'): ${message}`)
      notes.push(message)
    }
  }
  if (options.memoryLimit !== null && memory.peakRssDelta > options.memoryLimit) {
    if (status === 'ok') status = 'over-limit'
    const shared = memory.rssScope === 'shared-process' ? ' (process-wide RSS: threads pool)' : ''
    const message =
      `Test "${name}" (${file}) was limited to ${formatSize(options.memoryLimit)} but peaked ` +
      `at ${formatSize(memory.peakRssDelta)} above its start (peak RSS ${formatSize(memory.peakRss)}, ` +
      `${memory.peakMethod})${shared}`
    notes.push(message)
    failTask(test, { name: 'MemoryLimitError', message, stack: `MemoryLimitError: ${message}` })
  }
  memoryLimitBytes ??= readMemoryLimit().bytes
  const risk = oomRisk(memory.peakRss, memoryLimitBytes)
  if (risk.atRisk) {
    if (status === 'ok') status = 'oom-risk'
    notes.push(`OOM risk: ${risk.note}`)
  }
  const meta: LeakguardTestMeta = {
    v: 1,
    type: 'test',
    status,
    leaks,
    memory,
    notes,
    pid: process.pid,
  }
  test.meta.leakguard = meta
  context.log.write({
    type: 'test-end',
    time: Date.now(),
    pid: process.pid,
    id: test.id,
    file,
    name,
    state: test.result?.state === 'fail' ? 'fail' : 'pass',
    status,
    memory,
    leaks: leaks.map(({ id, kind, label, openedAt }) => ({ id, kind, label, openedAt })),
  })
  return status
}

/**
 * `test "suite > name"` for an owner key of this file, so a note names the test rather
 * than vitest's internal id. Walks the file only when a note is written (rare).
 */
function ownerName(suite: RunnerTestSuite, key: string | undefined): string {
  let found: string | undefined
  const walk = (task: RunnerTask): void => {
    if (found) return
    if (task.type === 'test') {
      if (testOwner(task.id) === key) found = `test "${fullTaskName(task)}"`
    } else {
      if (task !== task.file && suiteOwner(task.id) === key) {
        found = `suite "${fullTaskName(task)}"`
      }
      task.tasks.forEach(walk)
    }
  }
  walk(suite.file)
  return found ?? String(key)
}

/**
 * The owners whose garbage-collected handles a scope reports: its own, and for a file
 * every test and suite in it, because a handle is often collected only after the test
 * that dropped it has ended and been reported.
 */
function scopeOwners(suite: RunnerTestSuite, owner: string): string[] {
  if (suite.file !== suite) return [owner]
  const owners = [owner]
  const walk = (task: RunnerTask): void => {
    if (task.type === 'test') owners.push(testOwner(task.id))
    else {
      if (task !== suite) owners.push(suiteOwner(task.id))
      task.tasks.forEach(walk)
    }
  }
  walk(suite)
  return owners
}

/**
 * The verdict on a suite (`beforeAll` handles) or a file (module scope, file fixtures,
 * handles opened by a test's timers after it ended). Reported against the suite or file,
 * never against whichever test ran last.
 */
export async function judgeScope(
  suite: RunnerTestSuite,
  options: WorkerOptions,
  state: ScopeJudgeState,
): Promise<void> {
  if (options.onLeak === 'off') return
  const isFile = suite.file === suite
  const owner = isFile ? fileOwner(suite.file.filepath) : suiteOwner(suite.id)
  const notes: string[] = []
  const heldBy = new Map(
    (isFile ? (state.deferred.get(suite.file.filepath) ?? []) : []).map((d) => [d.id, d]),
  )
  state.deferred.delete(suite.file.filepath)
  // Vitest's test ids start with their file's id and `_`.
  const testPrefix = testOwner(`${suite.file.id}_`)
  const mine = (record: HandleRecord): boolean =>
    record.owner === owner ||
    (isFile && (heldBy.has(record.id) || record.owner?.startsWith(testPrefix) === true))
  if (isFile) await awaitOpensInFlight()
  const openNow = () => settle(() => handles.open().filter(mine), options.settleTurns)
  let open = await openNow()
  const { workerFixtures } = state
  if (isFile && workerFixtures.present && open.some((record) => heldBy.has(record.id))) {
    open = await afterWorkerFixtures(suite, open, heldBy, state, options, openNow)
  }
  const teardownScope = workerFixtures.present ? 'the file’s and the worker’s' : 'the file’s'
  for (const record of open) {
    const held = heldBy.get(record.id)
    if (held) {
      notes.push(
        `${record.id} is held by fixture \`${held.fixture}\` (first used by "${held.test}") and ` +
          `was still open after ${teardownScope} fixtures had torn down`,
      )
    } else if (record.owner !== owner) {
      notes.push(
        `${record.id} was opened by a callback of ${ownerName(suite, record.owner)} after that test had ended`,
      )
    }
  }
  const collected = scopeOwners(suite, owner).flatMap((key) => handles.drainCollected(key))
  for (const record of collected) {
    if (record.owner !== owner) {
      notes.push(`${record.id} was opened by ${ownerName(suite, record.owner)}`)
    }
  }
  const leaks = entries([...open, ...collected], options)
  if (leaks.length === 0) return
  const failing = leaks.filter((leak) => leak.allowedReason === undefined)
  const subject = scopeSubject(suite, options)
  if (failing.length > 0) {
    const message = formatLeakMessage(subject, failing, notes)
    if (options.onLeak === 'fail') {
      failTask(suite, {
        name: 'HandleLeakError',
        message,
        stack: leakErrorStack(message, failing),
      })
    } else {
      console.warn(`leakguard (onLeak: 'warn'): ${message}`)
    }
  }
  const meta: LeakguardScopeMeta = {
    v: 1,
    type: 'scope',
    scope: isFile ? 'file' : 'suite',
    leaks,
    notes,
  }
  suite.meta.leakguard = meta
}

/** Names a suite or file in a leak message. */
function scopeSubject(suite: RunnerTestSuite, options: WorkerOptions): LeakSubject {
  return {
    kind: suite.file === suite ? 'file' : 'suite',
    name: fullTaskName(suite),
    file: relativeFile(suite, options.root),
  }
}

/**
 * A file's open handles once worker-scoped fixtures had their chance to close the ones
 * their values hold (see `WorkerFixtures`). In an isolated worker they are torn down now,
 * and a teardown error fails the file; with `isolate: false` the handles they hold are
 * left out here and checked when the worker exits.
 */
async function afterWorkerFixtures(
  file: RunnerTestSuite,
  open: HandleRecord[],
  heldBy: ReadonlyMap<string, DeferredHandle>,
  state: ScopeJudgeState,
  options: WorkerOptions,
  openNow: () => Promise<HandleRecord[]>,
): Promise<HandleRecord[]> {
  if (!state.isLastFile(file)) {
    const later = open.filter((record) => heldBy.has(record.id))
    state.workerFixtures.checkAtExit(() => reportAtWorkerExit(later, file, options))
    return open.filter((record) => !heldBy.has(record.id))
  }
  try {
    await state.workerFixtures.tearDownNow()
  } catch (error) {
    failTask(file, workerTeardownError(error))
  }
  return openNow()
}

/** A worker fixture's teardown that threw, as the file's error: reported once, not lost. */
function workerTeardownError(error: unknown): TaskError {
  const cause = error instanceof Error ? error : new Error(String(error))
  const message = `A worker-scoped fixture's teardown threw: ${cause.message}`
  return {
    name: 'WorkerFixtureTeardownError',
    message,
    stack: `WorkerFixtureTeardownError: ${message}\n${cause.stack ?? ''}`,
  }
}

/**
 * With `isolate: false` no file can fail for a worker fixture's handle: the worker exits
 * after every file's result was sent. What is still open then is printed, not dropped.
 */
function reportAtWorkerExit(
  records: HandleRecord[],
  file: RunnerTestSuite,
  options: WorkerOptions,
): void {
  const openIds = new Set(handles.open().map((record) => record.id))
  const still = records.filter((record) => openIds.has(record.id))
  if (still.length === 0) return
  const leaks = entries(still, options).filter((leak) => leak.allowedReason === undefined)
  if (leaks.length === 0) return
  const subject = scopeSubject(file, options)
  const note =
    'still open when the worker exited and its worker-scoped fixtures had torn down ' +
    '(isolate: false, so no test could fail for it)'
  // Synchronously to the process's own stderr: vitest's console capture may be closed by
  // now, and the worker may exit as soon as this returns.
  writeSync(2, `leakguard: ${formatLeakMessage(subject, leaks, [note])}\n`)
}
