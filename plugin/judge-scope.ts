import type { RunnerTestSuite } from 'vitest'
import { type HandleRecord, handles } from '../src/handles/index.js'
import { decideScope } from '../src/verdict/index.js'
import { applyVerdict } from './apply-verdict.js'
import { awaitOpensInFlight, measureLeak, settle } from './measure-leaks.js'
import type { LeakguardScopeMeta } from './meta.js'
import { fileOwner, suiteOwner, testOwner } from './owner-keys.js'
import { ownerName, scopeOwners, scopeSubject } from './scope-owners.js'
import { drainUnreported, type VerdictState } from './verdict-state.js'
import { afterWorkerFixtures } from './worker-exit.js'
import type { WorkerOptions } from './worker-options.js'

/**
 * The verdict on a suite (`beforeAll` handles) or a file (module scope, file fixtures,
 * handles opened by a test's timers after it ended). Reported against the suite or file,
 * never against whichever test ran last. Measures, decides with `decideScope`, applies.
 */
export async function judgeScope(
  suite: RunnerTestSuite,
  options: WorkerOptions,
  state: VerdictState,
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
    !state.reported.has(record.id) &&
    (record.owner === owner ||
      (isFile && (heldBy.has(record.id) || record.owner?.startsWith(testPrefix) === true)))
  if (isFile) await awaitOpensInFlight()
  const openNow = () => settle(() => handles.open().filter(mine), options.settleTurns)
  let open = await openNow()
  if (isFile && state.workerFixtures.present && open.some((record) => heldBy.has(record.id))) {
    open = await afterWorkerFixtures(suite, open, heldBy, state, options, openNow)
  }
  const teardownScope = state.workerFixtures.present ? 'the file’s and the worker’s' : 'the file’s'
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
  const collected = scopeOwners(suite, owner).flatMap((key) => drainUnreported(key, state))
  for (const record of collected) {
    if (record.owner !== owner) {
      notes.push(`${record.id} was opened by ${ownerName(suite, record.owner)}`)
    }
  }
  const verdict = decideScope({
    subject: scopeSubject(suite, options),
    policy: options,
    leaks: [...open, ...collected].map((record) => measureLeak(record, options.root)),
    notes,
  })
  if (verdict.leaks.length === 0) return
  for (const leak of verdict.leaks) state.reported.add(leak.id)
  applyVerdict(suite, verdict)
  const meta: LeakguardScopeMeta = {
    v: 1,
    type: 'scope',
    scope: isFile ? 'file' : 'suite',
    leaks: verdict.leaks,
    notes: verdict.notes,
  }
  suite.meta.leakguard = meta
}
