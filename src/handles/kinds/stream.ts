import fs from 'node:fs'
import type { Readable, Writable } from 'node:stream'
import { fdTokens } from './fd-table.js'
import type { HandleKind, KindContext } from './kind.js'
import { pathLabel } from './label.js'
import { trackingPaused, untracked } from './untracked.js'
import { replaceMethod } from './wrap.js'

const FIX =
  'consume it to the end, `stream.destroy()` it, or `await finished(stream)` (node:stream/promises) before the test ends.'

type FileStream = (Readable | Writable) & { readonly path?: unknown }

/**
 * Ended, closed or destroyed: the stream's own flags, read at verdict time. An ended write
 * stream still flushes and closes its fd a few turns later; it is on its way and not a leak.
 */
function streamIsOpen(stream: FileStream): boolean {
  if (stream.destroyed || stream.closed) return false
  if ('readableEnded' in stream && stream.readableEnded) return false
  if ('writableEnded' in stream && stream.writableEnded) return false
  return true
}

/**
 * What the stream kind adds to every stream it tracks. One pair of listeners per install,
 * called with the stream as `this`: a closure (or a `once` wrapper) per stream would be
 * garbage on every open.
 */
interface StreamTracker {
  track<S extends FileStream>(stream: S, path: unknown, openedBy: CreateStream): S
}

type CreateStream = (...args: never[]) => FileStream

function streamTracker(context: KindContext): StreamTracker {
  const { registry } = context
  // A closed stream may be collected before the verdict: not "collected while open".
  function releaseOnClose(this: FileStream): void {
    registry.release(this)
  }
  // Should the stream's fd have been tracked (its `_construct` not the one wrapped below):
  // that fd is the stream's, closed with it, and must not count as a second handle.
  function disownFd(fd: number): void {
    const token = fdTokens.get(fd)
    if (!token) return
    fdTokens.delete(fd)
    registry.release(token)
  }
  return {
    track(stream, path, openedBy) {
      // The call is the open site: the fd itself opens a tick later, off the caller's stack.
      const record = registry.track(stream, {
        kind: 'stream',
        label: pathLabel(path ?? stream.path, context.root),
        fix: FIX,
        isOpen: streamIsOpen,
        openedBy,
      })
      if (record) {
        stream.on('close', releaseOnClose)
        stream.on('open', disownFd)
      }
      return stream
    },
  }
}

/**
 * `stream`: `fs.createReadStream` and `fs.createWriteStream`, open until ended, closed or
 * destroyed (the stream's own state at verdict time; nothing else is wrapped).
 */
export const streamKind: HandleKind = {
  name: 'stream',
  install(context) {
    const tracker = streamTracker(context)
    const undo = [
      // A file stream opens its fd a tick after it is created, from `_construct`, through
      // the public `fs.open`: the stream is the handle, and its fd is not tracked apart
      // (saving the `fd` kind's two stack captures a stream).
      ...[fs.ReadStream.prototype, fs.WriteStream.prototype].map((prototype) =>
        replaceMethod(
          prototype as unknown as { _construct: (callback: (error?: Error) => void) => void },
          '_construct',
          (construct) =>
            function (this: unknown, callback: (error?: Error) => void) {
              return untracked(() => construct.call(this, callback))
            },
        ),
      ),
      ...(['createReadStream', 'createWriteStream'] as const).map((name) =>
        replaceMethod(fs, name, (create) => {
          const wrapper = function (this: unknown, ...args: Parameters<typeof create>) {
            const stream = (create as (...a: typeof args) => FileStream).apply(this, args)
            return trackingPaused() ? stream : tracker.track(stream, args[0], wrapper)
          } as typeof create
          return wrapper
        }),
      ),
    ]
    return () => {
      for (const step of undo) step()
    }
  },
}
