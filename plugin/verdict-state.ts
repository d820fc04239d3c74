import type { RunnerTestSuite } from 'vitest'
import { type HandleRecord, handles } from '../src/handles/index.js'
import type { WorkerFixtures } from './worker-fixtures.js'

/** A handle held by a fixture's value when its test ended: judged when the file ends. */
export interface DeferredHandle {
  readonly id: string
  readonly fixture: string
  readonly test: string
}

/** What the runner keeps between verdicts in one worker. */
export interface VerdictState {
  /** Handles deferred to their file's verdict, by file path. */
  readonly deferred: Map<string, DeferredHandle[]>
  /**
   * Ids of the handles a verdict in this worker has reported (allowed ones included), so
   * no later scope blames them again. The registry is never edited for that: a handle
   * left open stays open there. An id leaves once its record was drained as collected.
   */
  readonly reported: Set<string>
  /** Vitest's teardown of worker-scoped fixtures, taken over from the runner. */
  readonly workerFixtures: WorkerFixtures
  /** True when no file runs in this worker after `file` (isolated workers). */
  readonly isLastFile: (file: RunnerTestSuite) => boolean
}

/** The records no verdict of this worker has reported yet (the same array when all are new). */
export function unreported(records: HandleRecord[], state: VerdictState): HandleRecord[] {
  if (state.reported.size === 0) return records
  return records.filter((record) => !state.reported.has(record.id))
}

/**
 * The handles of `owner` garbage-collected while open and not reported yet. A reported
 * handle drained here is forgotten by `reported`: the registry never returns it again.
 */
export function drainUnreported(owner: string, state: VerdictState): HandleRecord[] {
  const drained = handles.drainCollected(owner)
  if (state.reported.size === 0) return drained
  const fresh = drained.filter((record) => !state.reported.has(record.id))
  for (const record of drained) state.reported.delete(record.id)
  return fresh
}
