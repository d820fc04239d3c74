import { globalSlot } from '../global-slot.js'

const paused = globalSlot<{ depth: number }>('leakguard.kinds.untracked.v1', () => ({ depth: 0 }))

/**
 * Runs `fn` with the automatic kinds paused: leakguard's own long-lived descriptors (its
 * worker log, `/proc` files kept open) are opened inside a test's span, and must not be
 * blamed on that test. Synchronous only: an open that completes later is tracked.
 */
export function untracked<T>(fn: () => T): T {
  paused.depth++
  try {
    return fn()
  } finally {
    paused.depth--
  }
}

/** True while {@link untracked} runs: a kind then records nothing. */
export function trackingPaused(): boolean {
  return paused.depth > 0
}
