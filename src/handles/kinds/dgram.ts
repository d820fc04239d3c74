import dgram from 'node:dgram'
import type { HandleKind } from './kind.js'
import { settleOnListening } from './listening.js'
import { trackingPaused } from './untracked.js'
import { replaceMethod } from './wrap.js'

const FIX = 'close it with `socket.close()` in the test or its `afterEach`.'

/**
 * Open until `close()`. Node has no public "closed" on a UDP socket, but every method that
 * needs its handle checks it first: `address()` throws `ERR_SOCKET_DGRAM_NOT_RUNNING` once
 * `close()` dropped the handle. Only bound sockets are tracked, so no other throw is
 * expected; any other is not a close. Read at verdict time only, so the throw costs
 * nothing while tests run.
 */
export function udpIsOpen(socket: dgram.Socket): boolean {
  try {
    socket.address()
    return true
  } catch (error) {
    return (error as { code?: unknown }).code !== 'ERR_SOCKET_DGRAM_NOT_RUNNING'
  }
}

/**
 * `udp4 127.0.0.1:41234`: the socket's type and the address it is bound to (IPv6 in
 * brackets). The type is read from the bound family: `Socket.type` is not public API.
 */
export function udpLabel(
  address: dgram.RemoteInfo | { address: string; family: string; port: number },
): string {
  const v6 = address.family === 'IPv6'
  return v6
    ? `udp6 [${address.address}]:${address.port}`
    : `udp4 ${address.address}:${address.port}`
}

/**
 * `dgram`: UDP sockets, from their bind until `close()`. A socket is bound by `bind()`, or
 * implicitly by its first `send()` or `connect()`, which call `this.bind()` themselves, so
 * the one `dgram.Socket.prototype.bind` is wrapped and an unbound socket (no port, nothing
 * that keeps the process alive) is never tracked. Binding is asynchronous (the address is
 * looked up first), so the open is counted as under way until 'listening', as a server's
 * listen is: a verdict waits for it, and the label then carries the bound port.
 */
export const dgramKind: HandleKind = {
  name: 'dgram',
  install({ registry }) {
    return replaceMethod(
      dgram.Socket.prototype,
      'bind',
      (bind) =>
        function trackedBind(this: dgram.Socket, ...args: unknown[]) {
          const result = (bind as (...a: unknown[]) => dgram.Socket).apply(this, args)
          if (trackingPaused()) return result
          // Below this wrapper: the caller, or Node's `send`/`connect` frame and then the
          // caller, within the frames kept for a kind.
          const pending = registry.opening(trackedBind)
          // A socket closed before it was bound (`close` cancels the open), or a bind that
          // failed: nothing to track, and no verdict should wait for it.
          settleOnListening(
            this,
            pending,
            () => {
              registry.track(this, {
                kind: 'dgram',
                label: udpLabel(this.address()),
                fix: FIX,
                isOpen: udpIsOpen,
                pending,
                stackFromPending: true,
              })
              // Released at 'close' so the record (and its stack) go with the socket.
              this.once('close', () => registry.release(this))
            },
            'close',
          )
          return result
        } as typeof dgram.Socket.prototype.bind,
    )
  },
}
