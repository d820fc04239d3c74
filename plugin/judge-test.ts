import { setImmediate as nextTurn } from 'node:timers/promises'
import type { RunnerTestCase } from 'vitest'
import { handles } from '../src/handles/index.js'
import { getForcedGc } from '../src/memory/force-gc.js'
import { readMemoryLimit } from '../src/memory/memory-limit.js'
import type { PeakProbe } from '../src/memory/peak.js'
import { finishSnapshot, type MemoryStart } from '../src/memory/test-snapshot.js'
import type { LeakEntry, RssScope } from '../src/report/model.js'
import { decideTest, reportedLeaks } from '../src/verdict/index.js'
import { applyVerdict } from './apply-verdict.js'
import type { FdCache } from './fd-cache.js'
import { findFixtureHolders } from './fixture-holders.js'
import { awaitOpensInFlight, measureLeak, OPEN_IN_FLIGHT_WAIT_MS, settle } from './measure-leaks.js'
import type { LeakguardTestMeta } from './meta.js'
import { testOwner } from './owner-keys.js'
import { fullTaskName, relativeFile } from './task-names.js'
import { drainUnreported, unreported, type VerdictState } from './verdict-state.js'
import type { WorkerLog } from './worker-log.js'
import type { WorkerOptions } from './worker-options.js'

/** What `judgeTest` needs from the runner. */
export interface TestJudgeContext {
  readonly options: WorkerOptions
  readonly peak: PeakProbe
  readonly log: WorkerLog
  readonly state: VerdictState
  readonly rssScope: RssScope
  readonly fds: FdCache
}

let availableBytes: number | undefined

/** The memory the process can really use (cgroup or RAM): read once per worker. */
function availableMemoryBytes(): number {
  availableBytes ??= readMemoryLimit().bytes
  return availableBytes
}

/**
 * The leaks of one test, measured: what it still holds after a short settle (and, with
 * `gc`, one more GC to tell a dropped handle from a referenced one), less what a fixture
 * value holds (deferred to the file's verdict), plus what was collected while open.
 */
async function measureTestLeaks(
  test: RunnerTestCase,
  owner: string,
  context: TestJudgeContext,
  name: string,
): Promise<{ leaks: LeakEntry[]; notes: string[] }> {
  const { options, state } = context
  const notes: string[] = []
  // Checked before awaiting: a clean test (nothing under way, nothing open) takes no turn.
  const inFlight = handles.pendingOpens(owner) > 0 ? await awaitOpensInFlight(owner) : 0
  if (inFlight > 0) {
    notes.push(
      `${inFlight} open(s) begun by this test were still under way ${OPEN_IN_FLIGHT_WAIT_MS} ms ` +
        'after it ended; what they open is checked when its file ends',
    )
  }
  const openNow = () => unreported(handles.open(owner), state)
  let open = openNow()
  if (open.length > 0) open = await settle(openNow, options.settleTurns, open)
  if (open.length > 0 && options.gc) {
    // The GC after the test may have run while the dropped handle was still reachable
    // from a settling promise; one more, then a turn for the finalizers, tells a
    // dropped handle (collected-while-open) from one still referenced. After a turn:
    // `open()` asked each handle's own state through a WeakRef, and reading a WeakRef
    // keeps its target alive until the current job ends (a dropped FileHandle was).
    await nextTurn()
    getForcedGc()()
    open = await settle(openNow, 1)
  }
  const held = findFixtureHolders(test.context, open)
  if (held.size > 0) {
    const deferred = state.deferred.get(test.file.filepath) ?? []
    for (const [id, fixture] of held) deferred.push({ id, fixture, test: name })
    state.deferred.set(test.file.filepath, deferred)
  }
  const blamed = open.filter((record) => !held.has(record.id))
  const records = [...blamed, ...drainUnreported(owner, state)]
  return { leaks: records.map((record) => measureLeak(record, options.root)), notes }
}

/**
 * The verdict on one test, after all its teardown: measures (memory figures, leaks),
 * decides with `decideTest`, then applies: fails the test through its result for each
 * error, writes `task.meta.leakguard` and the `test-end` line. Leaks the `multisite`
 * fixture already raised are listed, not raised again.
 *
 * @returns the meta it wrote, so the runner's later steps read it without narrowing
 */
export async function judgeTest(
  test: RunnerTestCase,
  start: MemoryStart,
  context: TestJudgeContext,
): Promise<LeakguardTestMeta> {
  const { options, state } = context
  const { memory, fds } = finishSnapshot(start, {
    peak: context.peak,
    gc: options.gc,
    rssScope: context.rssScope,
  })
  context.fds.testEnded(fds)
  const name = fullTaskName(test)
  const file = relativeFile(test, options.root)
  const owner = testOwner(test.id)
  const reported = reportedLeaks.take(owner)
  for (const leak of reported) state.reported.add(leak.id)
  const measured =
    options.onLeak === 'off'
      ? { leaks: [], notes: [] }
      : await measureTestLeaks(test, owner, context, name)
  const verdict = decideTest({
    subject: { kind: 'test', name, file },
    policy: options,
    leaks: measured.leaks,
    reported,
    notes: measured.notes,
    memory,
    availableBytes: availableMemoryBytes(),
  })
  for (const leak of verdict.leaks) state.reported.add(leak.id)
  applyVerdict(test, verdict)
  const meta: LeakguardTestMeta = {
    v: 1,
    type: 'test',
    status: verdict.status,
    leaks: verdict.leaks,
    memory,
    notes: verdict.notes,
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
    status: verdict.status,
    memory,
    leaks: verdict.leaks.map(({ id, kind, label, openedAt }) => ({ id, kind, label, openedAt })),
  })
  return meta
}
