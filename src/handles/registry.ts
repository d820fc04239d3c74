import { idOf, keyOf, OpenEntry } from './entry.js'
import { globalSlot } from './global-slot.js'
import { type CapturedStack, captureStackLazily, KIND_STACK_LIMIT } from './open-site.js'
import { type OwnerKey, ownerContext } from './owner.js'
import { beganAt, beginOpen, type PendingCounts, type PendingOpen } from './pending.js'
import type { HandleRecord, KeptRecord } from './record.js'

export type { PendingOpen } from './pending.js'
export type { HandleRecord } from './record.js'

/** What a caller says about a resource it asks the registry to track. */
export interface TrackOptions {
  /** A short category, e.g. `dataset`. */
  readonly kind: string
  /** What a human recognises, e.g. the store path. */
  readonly label: string
  /**
   * How much memory the resource holds now, asked only when a leak is reported (never on
   * the open path). A plain function of the resource, not a closure over it, so tracking
   * still never keeps the resource alive.
   */
  readonly heldBytes?: (resource: never) => number
  /**
   * Whether the resource is still open, from its own state (a server's `listening`, a
   * child's `exitCode`), for kinds whose close the registry cannot see as a call. Asked
   * by `open()`, i.e. at verdict time, never on the open path; a resource that answers
   * `false` is released then. A plain function of the resource, like `heldBytes`.
   */
  readonly isOpen?: ((resource: never) => boolean) | undefined
  /**
   * With `isOpen`: Node keeps the resource reachable for as long as it is open (an active
   * timer from its timer list), so its collection proves it was closed, and its record is
   * dropped instead of reported as collected while open. Lets a kind read closing from the
   * object's state alone, without wrapping every way to close it.
   */
  readonly closedIfCollected?: boolean
  /**
   * How to close a handle of this kind, for the `Fix:` line of a leak message, e.g.
   * ``close it with `server.close()` ``. Defaults to the dataset's advice.
   */
  readonly fix?: string
  /**
   * The open this resource completes (see `handles.opening()`): its owner and its stack,
   * taken when the open began, are recorded instead of the current ones.
   */
  readonly pending?: PendingOpen | undefined
  /**
   * Take the open site from `pending`'s stack alone, and capture none now. For an open
   * whose begin is the user's own call (a wrapped public function): that stack already
   * holds the caller's frame and, as `at async` frames, whoever awaits it. Saves the
   * second capture, the most expensive part of a tracked open. Ignored without `pending`.
   */
  readonly stackFromPending?: boolean
  /**
   * The wrapper the user called to open this resource: it and the frames above it are left
   * out of the stack, which keeps the frames below it, the caller's, up to
   * `KIND_STACK_LIMIT`. Without it the stack keeps 24 frames below `track` itself.
   */
  readonly openedBy?: (...args: never[]) => unknown
  /**
   * Format the open's stack now rather than when a leak is reported. Set it when the
   * resource may be reachable from that stack: tracked as `this` from its own constructor
   * or method (a dataset, a server's `listen`), or held by a closure of a frame on it. An
   * unformatted capture keeps its frames' receivers and closures alive, so such a resource
   * would never be collected (nor reported as collected while open) while tracked. Costs
   * about twice the capture, per open.
   */
  readonly eagerStack?: boolean
}

interface RegistryState {
  nextKey: number
  /**
   * Open handles by key, oldest first. Released handles are dropped at once, so tracking
   * never grows.
   */
  readonly open: Map<number, OpenEntry>
  /** Handles garbage-collected while still open, kept until their owner drains them. */
  readonly collected: KeptRecord[]
  /** Resource → its entry. Weak: tracking must never keep a dataset alive. */
  readonly entries: WeakMap<object, OpenEntry>
  /** Opens under way, by owner (`''` for none). */
  readonly pending: PendingCounts
  /** How many open entries have an `isOpen` probe: `open()` asks none while it is 0. */
  probed: number
  /**
   * Reports a tracked resource collected while open. Its held value is the entry's key, a
   * number: an object there (the entry itself) cost ~2.5 µs more per FileHandle open and
   * close in-process (BENCHMARKS.md, "The per-open cost of a tracked handle").
   */
  readonly finalizer: FinalizationRegistry<number>
  enabled: boolean
}

// v2: one entry per open, keyed by number (v1 kept records and probes by string id).
const state = globalSlot<RegistryState>('leakguard.registry.v2', () => {
  const open = new Map<number, OpenEntry>()
  const collected: KeptRecord[] = []
  const registry: RegistryState = {
    nextKey: 1,
    open,
    collected,
    entries: new WeakMap(),
    pending: new Map(),
    probed: 0,
    finalizer: new FinalizationRegistry<number>((key) => {
      const entry = open.get(key)
      // Released or forgotten since: nothing to report.
      if (entry === undefined) return
      drop(registry, entry)
      if (!entry.closedIfCollected) collected.push(entry.record.collected())
    }),
    enabled: true,
  }
  return registry
})

/** Takes an entry out of the open map, keeping the probe count true. */
function drop(registry: RegistryState, entry: OpenEntry): void {
  registry.open.delete(entry.key)
  if (entry.isOpen !== undefined) registry.probed--
}

/** The open entry whose record has `id`, if any. */
function openEntry(id: string): OpenEntry | undefined {
  const entry = state.open.get(keyOf(id))
  return entry !== undefined && entry.record.id === id ? entry : undefined
}

/**
 * Releases the handles whose `isOpen` probe says they closed: their close is a state
 * change (a server stopped listening, a child exited) rather than a call the kind wraps.
 */
function releaseClosedByProbe(): void {
  for (const entry of state.open.values()) {
    if (entry.isOpen === undefined) continue
    const resource = entry.ref?.deref()
    // A collected resource is the finalizer's to report; leave it to that.
    if (resource !== undefined && !entry.isOpen(resource as never)) handles.release(resource)
  }
}

/**
 * The stack of an open, unformatted: below `openedBy`, the wrapper the user called, its
 * `KIND_STACK_LIMIT` frames the caller's; without one, 24 frames below `self`, the
 * registry method the caller called (`track` or `opening`).
 */
function captureOpen(
  openedBy: ((...args: never[]) => unknown) | undefined,
  self: (...args: never[]) => unknown,
): CapturedStack {
  return openedBy === undefined
    ? captureStackLazily(self)
    : captureStackLazily(openedBy, KIND_STACK_LIMIT)
}

/**
 * The handle registry: which resources are open now, who opened them and where.
 *
 * It tracks open/closed state, not liveness: a closed dataset that is still referenced
 * is not counted, and a dataset collected without `close()` is reported, not forgotten.
 * The state is shared by every copy of this module in the realm (see `globalSlot`).
 */
export const handles = {
  /**
   * Starts tracking `resource` as open. Tracking the same object twice returns the
   * first record.
   *
   * @returns the record, also visible through `open()` until `release(resource)`
   */
  track(resource: object, options: TrackOptions): HandleRecord | undefined {
    if (!state.enabled) return undefined
    const existing = state.entries.get(resource)
    if (existing !== undefined && state.open.get(existing.key) === existing) return existing.record
    const key = state.nextKey++
    const pending = options.pending
    // Captured now (unless the open's begin already was), formatted only if the handle is
    // reported (`HandleRecord.openSite`).
    const atTrack =
      pending !== undefined && options.stackFromPending === true
        ? undefined
        : captureOpen(options.openedBy, handles.track)
    const entry = new OpenEntry(
      key,
      {
        id: idOf(key),
        kind: options.kind,
        label: options.label,
        owner: pending ? pending.owner : ownerContext.current(),
        openedAtMs: Date.now(),
        state: 'open',
        fix: options.fix,
      },
      atTrack,
      pending === undefined ? undefined : beganAt(pending),
      resource,
      options,
    )
    if (options.eagerStack === true) entry.resolve()
    const record = entry.record
    state.open.set(key, entry)
    state.entries.set(resource, entry)
    if (entry.isOpen !== undefined) state.probed++
    // The resource is the unregister token, which `release` has at hand.
    state.finalizer.register(resource, key, resource)
    return record
  },

  /**
   * Marks `resource` closed. Idempotent: releasing twice, or releasing something never
   * tracked, does nothing and returns `false`.
   */
  release(resource: object): boolean {
    const entry = state.entries.get(resource)
    if (entry === undefined) return false
    state.entries.delete(resource)
    state.finalizer.unregister(resource)
    if (state.open.get(entry.key) !== entry) return false
    drop(state, entry)
    return true
  },

  /** The id of `resource` while it is tracked and open, else `undefined`. */
  idOf(resource: object): string | undefined {
    const entry = state.entries.get(resource)
    return entry !== undefined && state.open.get(entry.key) === entry ? entry.record.id : undefined
  },

  /** True while `resource` is tracked and not yet released. */
  isOpen(resource: object): boolean {
    return handles.idOf(resource) !== undefined
  },

  /**
   * The handles open now, oldest first.
   *
   * @param owner - only those owned by this key (e.g. `test:abc`)
   */
  open(owner?: OwnerKey): HandleRecord[] {
    if (state.probed > 0) releaseClosedByProbe()
    // Called once per test: scan without first copying every open entry (a file fixture
    // may hold thousands).
    const records: HandleRecord[] = []
    for (const { record } of state.open.values()) {
      if (owner === undefined || record.owner === owner) records.push(record)
    }
    return records
  },

  /**
   * Removes and returns the records of handles that were garbage-collected while still
   * open, optionally only those of one owner.
   */
  drainCollected(owner?: OwnerKey): HandleRecord[] {
    const taken: HandleRecord[] = []
    for (let i = state.collected.length - 1; i >= 0; i--) {
      const record = state.collected[i]
      if (record && (owner === undefined || record.owner === owner)) {
        taken.unshift(record)
        state.collected.splice(i, 1)
      }
    }
    return taken
  },

  /**
   * Stops tracking a handle without closing it, for a caller that owns the resource's
   * fate itself (a test cleaning up what it left open on purpose). leakguard's own
   * reporting never calls it: a verdict remembers what it reported instead of editing
   * the registry.
   */
  forget(id: string): void {
    const entry = openEntry(id)
    if (entry === undefined) return
    // Its collection, should the finalizer still see it, finds no open entry: ignored.
    drop(state, entry)
  },

  /**
   * Counts an open as under way for the current owner until `done()`. A verdict waits for
   * its owner's opens in flight, so a dataset whose open finishes just after its test ended
   * is still blamed on that test rather than missed or blamed on the next one.
   *
   * @param openedBy - the wrapper the user called (see `TrackOptions.openedBy`); without
   *   it the stack starts at the caller of `opening()`
   */
  opening(openedBy?: (...args: never[]) => unknown): PendingOpen {
    const owner = ownerContext.current()
    // Tracking off: nothing will be recorded, so the stack is not worth its capture.
    const began = state.enabled ? captureOpen(openedBy, handles.opening) : undefined
    return beginOpen(state.pending, owner, began)
  },

  /** How many opens are under way for `owner` (all owners when omitted). */
  pendingOpens(owner?: OwnerKey): number {
    if (owner !== undefined) return state.pending.get(owner) ?? 0
    let total = 0
    for (const count of state.pending.values()) total += count
    return total
  },

  /**
   * How many bytes an open handle holds now, from the `heldBytes` probe it was tracked
   * with; `undefined` when it has none, was released or was collected.
   */
  heldBytes(id: string): number | undefined {
    const entry = openEntry(id)
    const resource = entry?.ref?.deref()
    return entry?.heldBytes !== undefined && resource !== undefined
      ? entry.heldBytes(resource as never)
      : undefined
  },

  /** Turns tracking on or off for this realm (off: `track` records nothing). */
  setEnabled(enabled: boolean): void {
    state.enabled = enabled
  },

  /** How many handles are open now. */
  get size(): number {
    return state.open.size
  },
}

/** The registry's type, for code that receives it as a parameter. */
export type HandleRegistry = typeof handles
