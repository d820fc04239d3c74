import net from 'node:net'
import type { HandleKind } from './kind.js'
import { pathLabel } from './label.js'
import { trackingPaused } from './untracked.js'
import { replaceMethod } from './wrap.js'

const FIX = 'close it with `socket.destroy()` (or `socket.end()`) in the test or its `afterEach`.'

/** The part of a libuv handle wrap read here: whether it keeps the event loop alive. */
interface LoopHandle {
  hasRef?: () => boolean
}

/**
 * Open unless destroyed, or its close is under way (`end()` sent), or it no longer keeps
 * the process alive: http's keep-alive agent and `fetch`'s pool `unref()` the idle sockets
 * they keep for the next request. Those are the pool's, reused or timed out by it, not a
 * socket the test forgot; a socket still carrying a request is referenced, and reported.
 */
export function socketIsOpen(socket: net.Socket): boolean {
  if (socket.destroyed || socket.writableEnded) return false
  // `_handle` is the socket's libuv handle; Node has no public "is referenced" on a socket.
  const handle = (socket as unknown as { _handle?: LoopHandle | null })._handle
  return typeof handle?.hasRef !== 'function' || handle.hasRef()
}

/** A host as a label shows it: IPv6 in brackets, Node's default `localhost` when none. */
function hostLabel(host: unknown): string {
  if (typeof host !== 'string' || host === '') return 'localhost'
  return host.includes(':') ? `[${host}]` : host
}

/**
 * `host:port`, or the path of an IPC socket, from `connect()`'s arguments in any of their
 * forms: `(options)`, `(port, host?)`, `(path)`, or the `[options, callback]` pair that
 * `net.connect` and `tls.connect` pass on already normalized.
 */
export function connectLabel(args: readonly unknown[], root: string): string {
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0]
  if (typeof first === 'object' && first !== null) {
    const options = first as { path?: unknown; host?: unknown; port?: unknown }
    if (options.path !== undefined && options.path !== null) return pathLabel(options.path, root)
    return `${hostLabel(options.host)}:${String(options.port)}`
  }
  // As Node reads it: a string that is not a number is a pipe or Unix socket path.
  if (typeof first === 'string' && (first.trim() === '' || Number.isNaN(Number(first)))) {
    return pathLabel(first, root)
  }
  return `${hostLabel(args[1])}:${String(first)}`
}

/**
 * `socket`: client connections, from `connect()` until destroyed or ended. `net.connect`,
 * `new net.Socket().connect()`, `tls.connect` and the http(s) clients (through their agents)
 * all call the one `net.Socket.prototype.connect`, so that is wrapped; a socket a server
 * accepted never calls it, and is not the test's. Node 20's `net.client.socket` channel
 * would be the cheaper hook, but it publishes only from `net.connect` (Node 22 adds the
 * others), and without the address.
 */
export const socketKind: HandleKind = {
  name: 'socket',
  install({ registry, root }) {
    return replaceMethod(
      net.Socket.prototype,
      'connect',
      (connect) =>
        function trackedConnect(this: net.Socket, ...args: unknown[]) {
          const result = (connect as (...a: unknown[]) => net.Socket).apply(this, args)
          if (trackingPaused() || this.destroyed) return result
          const record = registry.track(this, {
            kind: 'socket',
            label: connectLabel(args, root),
            fix: FIX,
            isOpen: socketIsOpen,
            // Below this wrapper: the caller, or Node's client frames (6 for \`http.get\`,
            // 7 for \`https.get\`) with the caller after them, within the 12 kept.
            openedBy: trackedConnect,
          })
          // Released at 'close': the record, and the stack it captured (whose frame holds
          // this socket), go with the socket rather than wait for the verdict.
          if (record) this.once('close', () => registry.release(this))
          return result
        } as typeof net.Socket.prototype.connect,
    )
  },
}
