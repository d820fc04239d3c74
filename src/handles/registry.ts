import { globalSlot } from './global-slot.js'
import { captureStackLazily, KIND_STACK_LIMIT } from './open-site.js'
import { type OwnerKey, ownerContext } from './owner.js'
import { beganAt, beginOpen, type PendingCounts, type PendingOpen } from './pending.js'
import { type HandleRecord, type KeptRecord, newRecord } from './record.js'

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
  readonly isOpen?: (resource: never) => boolean
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

interface Sizer {
  readonly ref: WeakRef<object>
  readonly heldBytes: (resource: never) => number
}

interface OpenProbe {
  readonly ref: WeakRef<object>
  readonly isOpen: (resource: never) => boolean
  /** See `TrackOptions.closedIfCollected`. */
  readonly closedIfCollected: boolean
}

interface RegistryState {
  nextId: number
  /** Open handles by id. Released handles are dropped at once, so tracking never grows. */
  readonly open: Map<string, KeptRecord>
  /** Handles garbage-collected while still open, kept until their owner drains them. */
  readonly collected: KeptRecord[]
  /** Resource → id. Weak: tracking must never keep a dataset alive. */
  readonly ids: WeakMap<object, string>
  /** Opens under way, by owner (`''` for none). */
  readonly pending: PendingCounts
  /** Size probes of open handles that have one, by id. */
  readonly sizers: Map<string, Sizer>
  /** Open-state probes of open handles that have one, by id. */
  readonly probes: Map<string, OpenProbe>
  readonly finalizer: FinalizationRegistry<string>
  enabled: boolean
}

const state = globalSlot<RegistryState>('leakguard.registry.v1', () => {
  const open = new Map<string, KeptRecord>()
  const collected: KeptRecord[] = []
  const sizers = new Map<string, Sizer>()
  const probes = new Map<string, OpenProbe>()
  return {
    nextId: 1,
    open,
    collected,
    ids: new WeakMap(),
    pending: new Map(),
    sizers,
    probes,
    finalizer: new FinalizationRegistry<string>((id) => {
      sizers.delete(id)
      const closedIfCollected = probes.get(id)?.closedIfCollected === true
      probes.delete(id)
      const record = open.get(id)
      if (!record) return
      open.delete(id)
      if (!closedIfCollected) collected.push(record.collected())
    }),
    enabled: true,
  }
})

/**
 * Releases the handles whose `isOpen` probe says they closed: their close is a state
 * change (a server stopped listening, a child exited) rather than a call the kind wraps.
 */
function releaseClosedByProbe(): void {
  for (const probe of state.probes.values()) {
    const resource = probe.ref.deref()
    // A collected resource is the finalizer's to report; leave it to that.
    if (resource !== undefined && !probe.isOpen(resource as never)) handles.release(resource)
  }
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
    const existing = state.ids.get(resource)
    if (existing !== undefined) {
      const record = state.open.get(existing)
      if (record) return record
    }
    const id = `h${state.nextId++}`
    const pending = options.pending
    // Captured now (unless the open's begin already was), formatted only if the handle is
    // reported (`HandleRecord.openSite`).
    const atTrack =
      pending !== undefined && options.stackFromPending === true
        ? undefined
        : options.openedBy === undefined
          ? captureStackLazily(handles.track)
          : captureStackLazily(options.openedBy, KIND_STACK_LIMIT)
    const record = newRecord(
      {
        id,
        kind: options.kind,
        label: options.label,
        owner: pending ? pending.owner : ownerContext.current(),
        openedAtMs: Date.now(),
        state: 'open',
        fix: options.fix,
      },
      atTrack,
      pending === undefined ? undefined : beganAt(pending),
      options.eagerStack === true,
    )
    state.open.set(id, record)
    state.ids.set(resource, id)
    state.finalizer.register(resource, id, resource)
    if (options.heldBytes) {
      state.sizers.set(id, { ref: new WeakRef(resource), heldBytes: options.heldBytes })
    }
    if (options.isOpen) {
      state.probes.set(id, {
        ref: new WeakRef(resource),
        isOpen: options.isOpen,
        closedIfCollected: options.closedIfCollected === true,
      })
    }
    return record
  },

  /**
   * Marks `resource` closed. Idempotent: releasing twice, or releasing something never
   * tracked, does nothing and returns `false`.
   */
  release(resource: object): boolean {
    const id = state.ids.get(resource)
    if (id === undefined) return false
    state.ids.delete(resource)
    state.finalizer.unregister(resource)
    state.sizers.delete(id)
    state.probes.delete(id)
    return state.open.delete(id)
  },

  /** The id of `resource` while it is tracked and open, else `undefined`. */
  idOf(resource: object): string | undefined {
    const id = state.ids.get(resource)
    return id !== undefined && state.open.has(id) ? id : undefined
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
    if (state.probes.size > 0) releaseClosedByProbe()
    if (owner === undefined) return [...state.open.values()]
    // Called once per test: scan without first copying every open record (a file
    // fixture may hold thousands).
    const mine: HandleRecord[] = []
    for (const record of state.open.values()) if (record.owner === owner) mine.push(record)
    return mine
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
    state.sizers.delete(id)
    state.probes.delete(id)
    state.open.delete(id)
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
    const began = !state.enabled
      ? undefined
      : openedBy === undefined
        ? captureStackLazily(handles.opening)
        : captureStackLazily(openedBy, KIND_STACK_LIMIT)
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
    const sizer = state.sizers.get(id)
    const resource = sizer?.ref.deref()
    return sizer && resource ? sizer.heldBytes(resource as never) : undefined
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
