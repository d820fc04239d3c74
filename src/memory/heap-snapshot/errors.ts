/**
 * Errors raised while reading a V8 heap snapshot. Callers branch with
 * {@link isHeapSnapshotError} and the tag, never on message text.
 */

/**
 * Which step failed:
 * - `malformed`: the text is not the JSON layout V8 writes (`snapshot.meta`, `nodes`,
 *   `edges`, `strings`), or its counts do not match its header.
 * - `read-failed`: the stream delivering the snapshot failed; `cause` holds its error.
 */
export type HeapSnapshotErrorTag = 'malformed' | 'read-failed'

/** A heap snapshot could not be read. `offset` is the byte offset reached in the stream. */
export class HeapSnapshotError extends Error {
  override name = 'HeapSnapshotError'
  readonly tag: HeapSnapshotErrorTag
  readonly offset: number

  constructor(
    tag: HeapSnapshotErrorTag,
    message: string,
    offset: number,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.tag = tag
    this.offset = offset
  }
}

/** True when `error` is a {@link HeapSnapshotError}, and has `tag` when one is given. */
export function isHeapSnapshotError(
  error: unknown,
  tag?: HeapSnapshotErrorTag,
): error is HeapSnapshotError {
  return error instanceof HeapSnapshotError && (tag === undefined || error.tag === tag)
}
