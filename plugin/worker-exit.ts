import { writeSync } from 'node:fs'
import type { RunnerTestSuite } from 'vitest'
import { type HandleRecord, handles } from '../src/handles/index.js'
import { decideScope } from '../src/verdict/index.js'
import { failTask, type TaskError } from './fail-task.js'
import { measureLeak } from './measure-leaks.js'
import { scopeSubject } from './scope-owners.js'
import type { DeferredHandle, VerdictState } from './verdict-state.js'
import type { WorkerOptions } from './worker-options.js'

/**
 * A file's open handles once worker-scoped fixtures had their chance to close the ones
 * their values hold (see `WorkerFixtures`). In an isolated worker they are torn down now,
 * and a teardown error fails the file; with `isolate: false` the handles they hold are
 * left out here and checked when the worker exits.
 */
export async function afterWorkerFixtures(
  file: RunnerTestSuite,
  open: HandleRecord[],
  heldBy: ReadonlyMap<string, DeferredHandle>,
  state: VerdictState,
  options: WorkerOptions,
  openNow: () => Promise<HandleRecord[]>,
): Promise<HandleRecord[]> {
  if (!state.isLastFile(file)) {
    const later = open.filter((record) => heldBy.has(record.id))
    state.workerFixtures.checkAtExit(() => reportAtWorkerExit(later, file, options, state))
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
  state: VerdictState,
): void {
  const openIds = new Set(handles.open().map((record) => record.id))
  const still = records.filter((record) => openIds.has(record.id) && !state.reported.has(record.id))
  if (still.length === 0) return
  const note =
    'still open when the worker exited and its worker-scoped fixtures had torn down ' +
    '(isolate: false, so no test could fail for it)'
  const verdict = decideScope({
    subject: scopeSubject(file, options),
    policy: options,
    leaks: still.map((record) => measureLeak(record, options.root)),
    notes: [note],
  })
  for (const leak of verdict.leaks) state.reported.add(leak.id)
  // Synchronously to the process's own stderr: vitest's console capture may be closed by
  // now, and the worker may exit as soon as this returns.
  for (const { message } of [
    ...verdict.errors,
    ...verdict.warnings.map((message) => ({ message })),
  ]) {
    writeSync(2, `leakguard: ${message}\n`)
  }
}
