import { setImmediate as nextTurn } from 'node:timers/promises'
import { formatOpenSite, type HandleRecord, handles, readSourceLine } from '../src/handles/index.js'
import type { LeakEntry } from '../src/report/model.js'

/**
 * Measurement before a verdict: waits for closes and opens under way, then reads what a
 * handle looks like now (its source line, the bytes it holds). The decision itself is
 * `decideTest` / `decideScope` in `src/verdict/`, which take this as plain data.
 */

/**
 * Waits up to `turns` event-loop turns for `stillOpen()` to become empty, goleak style:
 * a handle whose close is already under way (e.g. resolved on the next turn) is not
 * blamed. Returns at once when nothing is open, so clean tests pay nothing.
 *
 * @param open - what `stillOpen()` returned just now, when the caller already asked
 */
export async function settle<T>(
  stillOpen: () => T[],
  turns: number,
  open: T[] = stillOpen(),
): Promise<T[]> {
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

/**
 * A registry record as a report entry, as it is now: its open site relative to `root`,
 * the source text of that line and the bytes it holds. The allow-list is the verdict's.
 */
export function measureLeak(record: HandleRecord, root: string): LeakEntry {
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
  return entry
}
