import { AsyncLocalStorage } from 'node:async_hooks'
import { globalSlot } from './global-slot.js'

/**
 * Who owns a handle: a key such as `test:<vitest id>`, `suite:<id>`, `file:<path>`
 * or `fixture-scope:file:<path>`. The plugin sets it; the registry only stores it.
 */
export type OwnerKey = string

interface OwnerState {
  /** Follows async continuations: timers and concurrent tests get the right owner. */
  readonly storage: AsyncLocalStorage<OwnerKey>
  /** Used when no async context is active (the cheap mode, and code outside any run). */
  current: OwnerKey | undefined
}

const state = globalSlot<OwnerState>('leakguard.owner.v1', () => ({
  storage: new AsyncLocalStorage<OwnerKey>(),
  current: undefined,
}))

/**
 * The owner context shared by the registry and the plugin.
 *
 * Two ways to set the owner, because they differ in cost (see DESIGN notes):
 * `run` scopes an owner to an async call tree; `enter` sets a plain current owner
 * that costs nothing on every `await` but cannot tell concurrent tests apart.
 */
export const ownerContext = {
  /**
   * Runs `fn` with `owner` as the owner of everything it opens, including in timers
   * and promise continuations it starts.
   */
  run<T>(owner: OwnerKey, fn: () => T): T {
    return state.storage.run(owner, fn)
  },
  /** Sets the plain current owner (no async tracking); `undefined` clears it. */
  enter(owner: OwnerKey | undefined): void {
    state.current = owner
  },
  /** The owner of code running now: the async-scoped one first, then the plain one. */
  current(): OwnerKey | undefined {
    return state.storage.getStore() ?? state.current
  },
}
