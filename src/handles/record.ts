import { type CapturedStack, findOpenSite, findUserSite, type OpenSite } from './open-site.js'
import type { OwnerKey } from './owner.js'

/**
 * One tracked handle. Safe to copy into reports and `task.meta` field by field, or through
 * `JSON.stringify`; `openSite` and `stack` are accessors, so an object spread drops them.
 */
export interface HandleRecord {
  /** Stable within the process: `h1`, `h2`, … */
  readonly id: string
  readonly kind: string
  readonly label: string
  /**
   * The user's line that opened it; `undefined` only when no frame could be parsed. Worked
   * out from the stack on first read: read it only to report the handle.
   */
  readonly openSite: OpenSite | undefined
  /** The full stack captured at open time, formatted on first read (as `openSite`). */
  readonly stack: string
  /** The test, suite, file or fixture scope that was current when it was opened. */
  readonly owner: OwnerKey | undefined
  /** `Date.now()` at open. */
  readonly openedAtMs: number
  /** `open` until released; `collected-while-open` if GC took it without a close. */
  readonly state: 'open' | 'collected-while-open'
  /** How to close it (see `TrackOptions.fix`); absent for the default advice. */
  readonly fix?: string
}

/** The fields of a record known at open, without its site. */
export type RecordFields = Omit<HandleRecord, 'openSite' | 'stack'>

/**
 * Where a handle was opened, from the captures taken at its open, formatted on first need.
 * Formatting drops the captures, and with them every frame's receiver and closure. The
 * registry's per-open entry extends it, so an open allocates one object for both.
 */
export class OpenedAt {
  // TypeScript-private, not `#private`: vitest's diff clones objects property by property,
  // and an ES private field is not copied, so reading it on the clone would throw.
  private atTrack: CapturedStack | undefined
  private atBegin: CapturedStack | undefined
  private formatted: string | undefined
  private site_: OpenSite | undefined

  /**
   * @param atTrack - the stack when the handle was tracked, if one was taken
   * @param atBegin - the stack when its open began (`handles.opening()`), if it had one
   */
  constructor(atTrack: CapturedStack | undefined, atBegin: CapturedStack | undefined) {
    this.atTrack = atTrack
    this.atBegin = atBegin
  }

  get stack(): string {
    this.resolve()
    return this.formatted ?? ''
  }

  get site(): OpenSite | undefined {
    this.resolve()
    return this.site_
  }

  resolve(): void {
    if (this.formatted !== undefined) return
    // The stack at track time, after the open's awaits, keeps the user's awaiting frames
    // (the test line behind library code). An open nothing awaited has none: then the
    // stack taken when the open began names the line that started it.
    let stack = this.atTrack?.stack ?? ''
    let site = findUserSite(stack)
    if (site === undefined && this.atBegin !== undefined) {
      stack = this.atBegin.stack ?? ''
      site = findUserSite(stack)
    }
    this.formatted = stack
    this.site_ = site ?? findOpenSite(stack)
    this.atTrack = undefined
    this.atBegin = undefined
  }
}

/**
 * Where a record keeps its `OpenedAt`. Not an ES private field, which a copy of the record
 * (vitest's diff clones objects property by property) would not have: reading it there
 * throws a TypeError.
 */
const OPENED_AT = Symbol.for('leakguard.record.openedAt')

class TrackedRecord implements HandleRecord {
  readonly id: string
  readonly kind: string
  readonly label: string
  readonly owner: OwnerKey | undefined
  readonly openedAtMs: number
  readonly state: 'open' | 'collected-while-open'
  declare readonly fix?: string
  declare readonly [OPENED_AT]: OpenedAt

  // Fields one by one rather than a `RecordFields` object: built on every tracked open,
  // where the object (and its spread of `fix`) would be garbage at once.
  constructor(
    id: string,
    kind: string,
    label: string,
    owner: OwnerKey | undefined,
    openedAtMs: number,
    state: 'open' | 'collected-while-open',
    fix: string | undefined,
    openedAt: OpenedAt,
  ) {
    this.id = id
    this.kind = kind
    this.label = label
    this.owner = owner
    this.openedAtMs = openedAtMs
    this.state = state
    if (fix !== undefined) this.fix = fix
    // Non-enumerable: copies and `toMatchObject` see the plain fields only.
    Object.defineProperty(this, OPENED_AT, { value: openedAt })
  }

  get openSite(): OpenSite | undefined {
    return this[OPENED_AT].site
  }

  get stack(): string {
    return this[OPENED_AT].stack
  }

  /** The same handle, now garbage-collected while open. */
  collected(): TrackedRecord {
    return new TrackedRecord(
      this.id,
      this.kind,
      this.label,
      this.owner,
      this.openedAtMs,
      'collected-while-open',
      this.fix,
      this[OPENED_AT],
    )
  }

  toJSON(): HandleRecord {
    return { ...fieldsOf(this), openSite: this.openSite, stack: this.stack }
  }
}

/** A record's plain fields, known at its open. */
function fieldsOf(record: HandleRecord): RecordFields {
  return {
    id: record.id,
    kind: record.kind,
    label: record.label,
    owner: record.owner,
    openedAtMs: record.openedAtMs,
    state: record.state,
    ...(record.fix === undefined ? {} : { fix: record.fix }),
  }
}

/** What the registry knows of a record at its open: its fields, `fix` possibly undefined. */
export type OpenFields = Omit<RecordFields, 'fix'> & { readonly fix: string | undefined }

/** A record as the registry keeps it: a `HandleRecord` that can turn collected. */
export interface KeptRecord extends HandleRecord {
  /** A copy of this record in the `collected-while-open` state, with the same site. */
  collected(): KeptRecord
}

/**
 * A record whose site is worked out from `openedAt` on first read of `openSite` or
 * `stack` (or already, if the caller resolved it: see `TrackOptions.eagerStack`).
 */
export function newRecord(fields: OpenFields, openedAt: OpenedAt): KeptRecord {
  return new TrackedRecord(
    fields.id,
    fields.kind,
    fields.label,
    fields.owner,
    fields.openedAtMs,
    fields.state,
    fields.fix,
    openedAt,
  )
}
