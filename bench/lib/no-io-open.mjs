// An `fs.promises.open` that does no I/O, for the benchmarks that time the `file` kind's
// wrapper alone: the thread pool and the page cache, which widen a real open's spans on a
// shared machine, are out of the figure.
import { EventEmitter } from 'node:events'
import fs from 'node:fs'

/** A FileHandle's shape as the `file` kind sees it, with no descriptor behind it. */
export class NoIoHandle extends EventEmitter {
  fd = 1000
  async close() {
    if (this.fd === -1) return
    this.fd = -1
    this.emit('close')
  }
  // As Node's FileHandle: serializes itself under this symbol when transferred, which the
  // `file` kind watches instead of asking each handle's `fd` (see src/handles/kinds/file.ts).
  [Symbol('messaging_transfer_symbol')]() {
    this.fd = -1
  }
}

/**
 * Replaces `fs.promises.open` with an async open that returns a {@link NoIoHandle}, and
 * returns a function that puts the real one back. Call it before installing the `file`
 * kind, so the kind wraps the stub.
 */
export function stubPromisesOpen() {
  const realOpen = fs.promises.open
  fs.promises.open = async function open() {
    return new NoIoHandle()
  }
  return () => {
    fs.promises.open = realOpen
  }
}
