import { globalSlot } from '../handles/global-slot.js'
import type { LeakEntry } from '../report/model.js'

/**
 * Leaks whose error the `multisite` fixture already raised, by owner key, until the
 * plugin's verdict on that test takes them.
 *
 * Why: the fixture fails a leaking test from its teardown, before the plugin's verdict.
 * It used to delete those handles from the registry so the plugin would not fail the test
 * a second time, and the report then said `ok` for it. Instead it hands its findings to
 * the verdict, which lists them without raising them again; the registry is left as it is.
 * Shared through `globalThis`, like the registry: the fixture and the runner may be two
 * module instances of this package in one worker.
 */
const byOwner = globalSlot<Map<string, LeakEntry[]>>('leakguard.reported-leaks.v1', () => new Map())

/** Hand-off between the fixture's check and the plugin's verdict in one worker. */
export const reportedLeaks = {
  /** Records leaks raised for `owner`; called only where a verdict will take them. */
  record(owner: string, leaks: readonly LeakEntry[]): void {
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), ...leaks])
  },
  /** Removes and returns what was recorded for `owner` (empty when nothing was). */
  take(owner: string): LeakEntry[] {
    const leaks = byOwner.get(owner) ?? []
    byOwner.delete(owner)
    return leaks
  },
}
