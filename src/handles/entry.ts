import type { CapturedStack } from './open-site.js'
import { type KeptRecord, newRecord, OpenedAt, type OpenFields } from './record.js'

/** The probes a resource was tracked with (`TrackOptions` has these fields). */
export interface Probes {
  readonly isOpen?: ((resource: never) => boolean) | undefined
  readonly heldBytes?: ((resource: never) => number) | undefined
  readonly closedIfCollected?: boolean | undefined
}

/**
 * What the registry keeps per open handle, in one object: where it was opened (as its
 * record's `OpenedAt`), its record, and the probes it was tracked with behind a single
 * `WeakRef`, only if one needs it. One entry per open, keyed by a number, rather than a
 * record, its site and each probe in objects and maps of their own keyed by the record's
 * string id: 46 bytes less heap per open handle, one map instead of three, and the same
 * CPU (BENCHMARKS.md, "The per-open cost of a tracked handle").
 */
export class OpenEntry extends OpenedAt {
  /** The number in the record's id (`h<key>`), the key of the registry's open map. */
  readonly key: number
  /** The handle's record, whose site this entry works out. */
  readonly record: KeptRecord
  /**
   * The resource, weakly, when a probe needs it at verdict or report time; `undefined` for
   * a kind with neither `isOpen` nor `heldBytes`, which then pays for no `WeakRef`.
   */
  readonly ref: WeakRef<object> | undefined
  readonly isOpen: ((resource: never) => boolean) | undefined
  readonly heldBytes: ((resource: never) => number) | undefined
  /** See `TrackOptions.closedIfCollected`. */
  readonly closedIfCollected: boolean

  /**
   * @param fields - the record's fields; its id must be `idOf(key)`
   * @param atTrack - the stack when tracked, if one was taken
   * @param atBegin - the stack when its open began (`handles.opening()`), if it had one
   */
  constructor(
    key: number,
    fields: OpenFields,
    atTrack: CapturedStack | undefined,
    atBegin: CapturedStack | undefined,
    resource: object,
    probes: Probes,
  ) {
    super(atTrack, atBegin)
    this.key = key
    this.isOpen = probes.isOpen
    this.heldBytes = probes.heldBytes
    this.closedIfCollected = probes.closedIfCollected === true
    this.ref =
      this.isOpen !== undefined || this.heldBytes !== undefined ? new WeakRef(resource) : undefined
    this.record = newRecord(fields, this)
  }
}

/** The id of the record with `key`: `h1`, `h2`, … */
export function idOf(key: number): string {
  return `h${key}`
}

/**
 * The key a record id was made from (`h12` → 12). Any string maps to some number (`NaN`
 * for most), so a caller checks the entry it finds under it has that very id.
 */
export function keyOf(id: string): number {
  return Number(id.slice(1))
}
