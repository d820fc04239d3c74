import net from 'node:net'
import type { HandleKind } from './kind.js'
import { settleOnListening } from './listening.js'
import { trackingPaused } from './untracked.js'
import { replaceMethod } from './wrap.js'

const FIX =
  'stop it with `server.close()` (awaiting its callback is not needed) in the test or its `afterEach`.'

/** `close()` sets `listening` to false at once: a server closed without awaiting is closed. */
const serverIsOpen = (server: net.Server): boolean => server.listening

function addressLabel(server: net.Server, args: unknown[]): string {
  const address = server.address()
  if (typeof address === 'string') return address
  if (address) {
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
    return `${host}:${address.port}`
  }
  const first = args[0]
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: unknown; port?: unknown; path?: unknown }
    return options.path !== undefined
      ? String(options.path)
      : `${String(options.host ?? '')}:${String(options.port ?? '')}`
  }
  return typeof args[1] === 'string' ? `${args[1]}:${String(first)}` : `:${String(first)}`
}

/**
 * `server`: every `net` server that listens (http, https and http2 servers are `net.Server`s),
 * from its `listen()` call until it no longer listens. Node 20 publishes no
 * `net.server.listen` channel, so the one `listen` on `net.Server.prototype` is wrapped: the
 * caller's line is on its stack, and every kind of server goes through it.
 */
export const serverKind: HandleKind = {
  name: 'server',
  install({ registry }) {
    return replaceMethod(
      net.Server.prototype,
      'listen',
      (listen) =>
        function trackedListen(this: net.Server, ...args: unknown[]) {
          const result = (listen as (...a: unknown[]) => net.Server).apply(this, args)
          if (trackingPaused()) return result
          // Tracked as `this`: an unformatted stack would hold the server through this frame.
          // Its stack is taken below this wrapper (`openedBy`), where the caller is, as the
          // file kinds take theirs.
          const options = {
            kind: 'server',
            fix: FIX,
            isOpen: serverIsOpen,
            eagerStack: true,
            openedBy: trackedListen,
          }
          // A closed server may be collected before the verdict: not "collected while open".
          this.once('close', () => registry.release(this))
          if (this.listening) {
            registry.track(this, { ...options, label: addressLabel(this, args) })
            return result
          }
          // A host name (even an IP) is looked up first: the address is known, and the
          // server open, only at 'listening'. Counted as under way meanwhile: a verdict waits.
          const pending = registry.opening(trackedListen)
          // At 'listening' the stack is the event loop's: the begin's is the caller's. A server
          // closed while its address is looked up never emits 'listening' (nor 'error'): its
          // 'close' ends the open, or every verdict of its owner would wait for it in vain.
          settleOnListening(
            this,
            pending,
            () =>
              registry.track(this, {
                ...options,
                label: addressLabel(this, args),
                pending,
                stackFromPending: true,
              }),
            'close',
          )
          return result
        } as typeof net.Server.prototype.listen,
    )
  },
}
