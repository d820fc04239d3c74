import type { EventEmitter } from 'node:events'
import fs from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import type { HandleRegistry } from '../registry.js'
import type { HandleKind } from './kind.js'
import { pathLabel } from './label.js'
import { trackingPaused } from './untracked.js'
import { replaceMethod } from './wrap.js'

const FIX =
  'close it with `await fh.close()` (in the test or its `afterEach`), or hold it with ' +
  '`await using fh = await open(…)` so it closes itself.'

/** A FileHandle's `fd` is -1 once closed or transferred: its own state, at verdict time. */
const fileIsOpen = (fh: FileHandle): boolean => fh.fd !== -1

/**
 * The description of the symbol under which Node's FileHandle serializes itself when it is
 * transferred to another thread (`postMessage(fh, [fh])`): its fd becomes -1 here without a
 * 'close' event, and the other thread owns it.
 */
const TRANSFER = 'messaging_transfer_symbol'

type Transfer = (this: FileHandle) => unknown

/**
 * Releases a FileHandle when it is transferred, by wrapping the transfer method on
 * FileHandle's prototype (found on the first handle opened). Returns the undo, or
 * `undefined` when this Node has no such method: the kind then asks each handle's `fd` at
 * verdict time instead (an `isOpen` probe, which costs each open a `WeakRef`, ~1.4 µs).
 */
function releaseOnTransfer(registry: HandleRegistry, prototype: object): (() => void) | undefined {
  const key = Object.getOwnPropertySymbols(prototype).find(
    (symbol) => symbol.description === TRANSFER,
  )
  const methods = prototype as Record<symbol, Transfer>
  if (key === undefined || typeof methods[key] !== 'function') return undefined
  return replaceMethod(
    methods,
    key,
    (transfer) =>
      function (this: FileHandle) {
        // Node refuses a handle in use (it throws): released only once it has let go.
        const moved = transfer.call(this)
        registry.release(this)
        return moved
      },
  )
}

/**
 * `file`: FileHandles from `fs.promises.open`, open until `close()` (or `await using`, which
 * calls it) emits 'close', which Node does synchronously inside `close()`, or until the
 * handle is transferred to another thread; no close is wrapped. A FileHandle the garbage
 * collector closed (Node's DEP0137 warning) reaches the registry's finalizer and is
 * reported as `collected-while-open` against its opener.
 */
export const fileKind: HandleKind = {
  name: 'file',
  install({ registry, root }) {
    // One listener for every FileHandle, called with the handle as `this`: a closure (or a
    // `once` wrapper) per open would be garbage on every open.
    function releaseOnClose(this: FileHandle): void {
      registry.release(this)
    }
    /** `undefined` until the first open; then whether transfers are seen as releases. */
    let transferSeen: boolean | undefined
    let undoTransfer: (() => void) | undefined
    // `fs.promises` is the object `require('fs/promises')` and ESM imports of it read.
    const undoOpen = replaceMethod(fs.promises, 'open', (open) => {
      const wrapper = async function (this: unknown, ...args: Parameters<typeof open>) {
        if (trackingPaused()) return open.apply(this, args)
        // Counted as under way, so a verdict waits for an open its test did not await. Its
        // stack, taken here at the user's call, is the record's only one: it names the
        // caller's line, and the `at async` frames of whoever awaits it.
        const pending = registry.opening(wrapper)
        let fh: FileHandle
        try {
          fh = await open.apply(this, args)
        } finally {
          pending.done()
        }
        if (transferSeen === undefined) {
          undoTransfer = releaseOnTransfer(registry, Object.getPrototypeOf(fh) as object)
          transferSeen = undoTransfer !== undefined
        }
        const flags = typeof args[1] === 'string' ? args[1] : 'r'
        const record = registry.track(fh, {
          kind: 'file',
          label: `${pathLabel(args[0], root)} (${flags})`,
          fix: FIX,
          isOpen: transferSeen ? undefined : fileIsOpen,
          pending,
          stackFromPending: true,
        })
        // Released at its 'close' event: a closed FileHandle may be collected before the
        // verdict, which the registry would report as collected while open. An
        // EventEmitter at run time (Node ≥ 15.4), though not in @types/node 20's type.
        if (record) (fh as unknown as EventEmitter).on('close', releaseOnClose)
        return fh
      } as typeof open
      return wrapper
    })
    return () => {
      undoOpen()
      undoTransfer?.()
    }
  },
}
