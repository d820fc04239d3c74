import type { LeakEntry } from '../report/model.js'
import { applyAllowList } from './allow.js'
import { formatLeakMessage, handleLeakError, type LeakSubject } from './leak-message.js'
import { failingLeaks, type Verdict, type VerdictPolicy } from './model.js'

/** Everything the verdict on a suite or file depends on, measured beforehand. */
export interface ScopeVerdictInput {
  /** The suite (`beforeAll` handles) or file (module scope, file and worker fixtures). */
  readonly subject: LeakSubject
  readonly policy: Pick<VerdictPolicy, 'onLeak' | 'allow'>
  /** What the scope left open or let be collected while open, before the allow-list. */
  readonly leaks: readonly LeakEntry[]
  /** Why handles are blamed on this scope (e.g. held by a fixture): in the message too. */
  readonly notes?: readonly string[]
}

/**
 * The verdict on a suite or file. Pure. `leak` when a handle no allow-list entry excuses
 * was left open: a `HandleLeakError` with `onLeak: 'fail'`, a warning with `'warn'`.
 * `onLeak: 'off'` ignores leaks, so the verdict is always `ok`.
 */
export function decideScope(input: ScopeVerdictInput): Verdict {
  const notes = [...(input.notes ?? [])]
  const ok: Verdict = { status: 'ok', leaks: [], notes, errors: [], warnings: [] }
  if (input.policy.onLeak === 'off') return ok
  const leaks = applyAllowList(input.leaks, input.policy.allow)
  const failing = failingLeaks(leaks)
  if (failing.length === 0) return { ...ok, leaks }
  const message = formatLeakMessage(input.subject, failing, notes)
  if (input.policy.onLeak === 'warn') {
    return { status: 'leak', leaks, notes, errors: [], warnings: [message] }
  }
  return { status: 'leak', leaks, notes, errors: [handleLeakError(message, failing)], warnings: [] }
}
