import type { CapturedStack } from './open-site.js'
import type { OwnerKey } from './owner.js'

/** An open under way, from `handles.opening()`. */
export interface PendingOpen {
  /** The owner current when the open began. */
  readonly owner: OwnerKey | undefined
  /**
   * The stack when the open began: the caller's line even if nothing awaited the open.
   * Formatted on first read (the registry keeps it unformatted until a leak is reported).
   */
  readonly stack: string
  /** Call once the open has settled, opened or failed. Idempotent. */
  done(): void
}

/** Opens under way, counted by owner (`''` for none). */
export type PendingCounts = Map<OwnerKey, number>

/**
 * An open under way. A class, not a closure per open: the open path of every tracked
 * FileHandle builds one.
 */
class OpenUnderWay implements PendingOpen {
  readonly owner: OwnerKey | undefined
  /** The capture when the open began, unformatted; read through `beganAt`. */
  readonly began: CapturedStack | undefined
  private readonly counts: PendingCounts
  private readonly key: OwnerKey
  private settled = false

  constructor(
    counts: PendingCounts,
    owner: OwnerKey | undefined,
    began: CapturedStack | undefined,
  ) {
    this.counts = counts
    this.owner = owner
    this.key = owner ?? ''
    this.began = began
    counts.set(this.key, (counts.get(this.key) ?? 0) + 1)
  }

  get stack(): string {
    return this.began?.stack ?? ''
  }

  done(): void {
    if (this.settled) return
    this.settled = true
    const left = (this.counts.get(this.key) ?? 1) - 1
    if (left > 0) this.counts.set(this.key, left)
    else this.counts.delete(this.key)
  }
}

/**
 * Counts an open as under way for `owner` in `counts` until its `done()`.
 *
 * @param began - the stack when the open began, unformatted (`undefined` when tracking is off)
 */
export function beginOpen(
  counts: PendingCounts,
  owner: OwnerKey | undefined,
  began: CapturedStack | undefined,
): PendingOpen {
  return new OpenUnderWay(counts, owner, began)
}

/**
 * The unformatted capture of an open's begin: kept as V8 captured it, so a record that is
 * never reported never formats it. A `PendingOpen` made elsewhere is read through its
 * `stack`, which is a formatted capture too.
 */
export function beganAt(pending: PendingOpen): CapturedStack | undefined {
  return pending instanceof OpenUnderWay ? pending.began : pending
}
