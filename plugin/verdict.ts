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
  const held = handles.heldBytes(record.id)
  if (held !== undefined) entry.heldBytes = held
  const allowed = findAllowEntry(entry, allow)
  if (allowed) entry.allowedReason = allowed.reason
  return entry
}
