import { createRequire } from 'node:module'
import { setImmediate as nextTurn } from 'node:timers/promises'
import type picomatchType from 'picomatch'
import { formatOpenSite, type HandleRecord, handles, readSourceLine } from '../src/handles/index.js'
import type { LeakEntry } from '../src/report/model.js'
import type { ResolvedAllowEntry } from './options.js'

/**
 * Waits up to `turns` event-loop turns for `stillOpen()` to become empty, goleak style:
 * a handle whose close is already under way (e.g. resolved on the next turn) is not
 * blamed. Returns at once when nothing is open, so clean tests pay nothing.
 */
export async function settle<T>(stillOpen: () => T[], turns: number): Promise<T[]> {
  let open = stillOpen()
  for (let turn = 0; turn < turns && open.length > 0; turn++) {
    await nextTurn()
    open = stillOpen()
  }
  return open
}

/** How long a verdict waits for opens its owner began and has not finished. */
export const OPEN_IN_FLIGHT_WAIT_MS = 2_000

/**
 * Waits, up to {@link OPEN_IN_FLIGHT_WAIT_MS}, for opens still under way (begun by the
 * owner, e.g. a `Promise.all` of opens the test abandoned when one failed), so what they
 * open is judged now instead of being missed. Returns at once, costing nothing, when none
 * are pending; otherwise returns how many were still under way at the deadline.
 *
 * @param owner - whose opens; all owners of this realm when omitted (a file's end)
 */
export async function awaitOpensInFlight(owner?: string): Promise<number> {
  const deadline = Date.now() + OPEN_IN_FLIGHT_WAIT_MS
  while (handles.pendingOpens(owner) > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  return handles.pendingOpens(owner)
}

const matchers = new Map<string, (path: string) => boolean>()
let picomatch: typeof picomatchType | undefined

/**
 * Loaded on the first `openedAt` glob, not at import: it takes ~10 ms to load, and the
 * runner module is imported by every worker, most of which never match a glob.
 */
function loadPicomatch(): typeof picomatchType {
  picomatch ??= createRequire(import.meta.url)('picomatch') as typeof picomatchType
  return picomatch
}

function globMatches(glob: string, subject: string): boolean {
  let matcher = matchers.get(glob)
  if (!matcher) {
    matcher = loadPicomatch()(glob, { dot: true })
    matchers.set(glob, matcher)
  }
  return matcher(subject)
}

/**
 * The first allow-list entry that matches a leak, or `undefined`. `openedAt` globs are
 * tried against `file:line:col`, `file:line` and `file`, so `'test/legacy/**'` and
 * `'test/a.test.ts:12'` both work.
 */
export function findAllowEntry(
  leak: Pick<LeakEntry, 'kind' | 'label' | 'openedAt'>,
  allow: readonly ResolvedAllowEntry[],
): ResolvedAllowEntry | undefined {
  const [file = '', line = ''] = leak.openedAt.split(/:(?=\d)/)
  const sites = [leak.openedAt, `${file}:${line}`, file]
  return allow.find(
    (entry) =>
      (entry.kind === undefined || entry.kind === leak.kind) &&
      (entry.label === undefined || entry.label === leak.label) &&
      (entry.labelPattern === undefined || new RegExp(entry.labelPattern).test(leak.label)) &&
      (entry.openedAt === undefined || sites.some((site) => globMatches(entry.openedAt!, site))),
  )
}

/** Turns a registry record into a report entry, with the source line and any allowance. */
export function toLeakEntry(
  record: HandleRecord,
  root: string,
  allow: readonly ResolvedAllowEntry[],
): LeakEntry {
  const openedAt = record.openSite ? formatOpenSite(record.openSite, root) : '<unknown>'
  const sourceLine = record.openSite ? readSourceLine(record.openSite) : undefined
  const entry: LeakEntry = {
    id: record.id,
    kind: record.kind,
    label: record.label,
    openedAt,
    stack: record.stack,
    state: record.state,
  }
  if (sourceLine !== undefined) entry.sourceLine = sourceLine
  if (record.fix !== undefined) entry.fix = record.fix
  const held = handles.heldBytes(record.id)
  if (held !== undefined) entry.heldBytes = held
  const allowed = findAllowEntry(entry, allow)
  if (allowed) entry.allowedReason = allowed.reason
  return entry
}
