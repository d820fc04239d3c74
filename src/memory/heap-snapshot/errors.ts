/**
 * Errors raised while reading a V8 heap snapshot: one class with a `_tag` per failure
 * (PascalCase, like every leakguard error). Callers branch with
 * {@link isHeapSnapshotError} and the tag, never on message text.
 */

/**
 * Which step failed:
 * - `Malformed`: the text is not the JSON layout V8 writes (`snapshot.meta`, `nodes`,
 *   `edges`, `strings`), or its counts do not match its header.
 * - `ReadFailed`: the stream delivering the snapshot failed; `cause` holds its error.
 */
export type HeapSnapshotErrorTag = 'Malformed' | 'ReadFailed'

/** A heap snapshot could not be read. `offset` is the byte offset reached in the stream. */
export class HeapSnapshotError extends Error {
  override readonly name = 'HeapSnapshotError'
  readonly _tag: HeapSnapshotErrorTag
  readonly offset: number

  constructor(
    tag: HeapSnapshotErrorTag,
    message: string,
    offset: number,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this._tag = tag
    this.offset = offset
  }
}

/** True when `error` is a {@link HeapSnapshotError}, and (given tags) has one of them. */
export function isHeapSnapshotError(
  error: unknown,
  ...tags: HeapSnapshotErrorTag[]
): error is HeapSnapshotError {
  return error instanceof HeapSnapshotError && (tags.length === 0 || tags.includes(error._tag))
}
