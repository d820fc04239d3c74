import type { EventEmitter } from 'node:events'
import type { PendingOpen } from '../pending.js'

/**
 * Settles `pending` when `target` emits 'listening' (then calls `opened`) or 'error' (a
 * failed listen or bind), or, if given, `cancel` (an open given up before it completed).
 * The one life cycle of an asynchronous listen: a `net.Server`'s and a UDP socket's bind.
 *
 * Our 'error' listener must not make an unhandled error handled (EADDRINUSE would pass
 * silently): without one of the user's, Node throws it from `emit`, so it is thrown from
 * there. Prepended, so the count is read before a user's `once` listener has removed itself.
 */
export function settleOnListening(
  target: EventEmitter,
  pending: PendingOpen,
  opened: () => void,
  cancel?: string,
): void {
  const settle = () => {
    target.off('listening', listening).off('error', failed)
    if (cancel !== undefined) target.off(cancel, settle)
    pending.done()
  }
  const listening = () => {
    settle()
    opened()
  }
  const failed = (error: unknown) => {
    settle()
    if (target.listenerCount('error') === 0) throw error
  }
  target.once('listening', listening).prependOnceListener('error', failed)
  if (cancel !== undefined) target.once(cancel, settle)
}
