import type { EventEmitter } from 'node:events'
import fs from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import type { HandleKind } from './kind.js'
import { pathLabel } from './label.js'
import { trackingPaused } from './untracked.js'
import { replaceMethod } from './wrap.js'

const FIX =
  'close it with `await fh.close()` (in the test or its `afterEach`), or hold it with ' +
  '`await using fh = await open(…)` so it closes itself.'

/** A FileHandle's `fd` is -1 once closed: its own state, asked at verdict time. */
const fileIsOpen = (fh: FileHandle): boolean => fh.fd !== -1

/**
 * `file`: FileHandles from `fs.promises.open`, open until `close()` (or `await using`, which
 * calls it): its 'close' event, or its own `fd` at verdict time, so no close is wrapped. A
 * FileHandle the garbage collector closed (Node's DEP0137 warning) reaches the registry's
 * finalizer and is reported as `collected-while-open` against its opener.
 */
export const fileKind: HandleKind = {
  name: 'file',
  install({ registry, root }) {
    // One listener for every FileHandle, called with the handle as `this`: a closure (or a
    // `once` wrapper) per open would be garbage on every open.
    function releaseOnClose(this: FileHandle): void {
      registry.release(this)
    }
    // `fs.promises` is the object `require('fs/promises')` and ESM imports of it read.
    return replaceMethod(fs.promises, 'open', (open) => {
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
        const flags = typeof args[1] === 'string' ? args[1] : 'r'
        const record = registry.track(fh, {
          kind: 'file',
          label: `${pathLabel(args[0], root)} (${flags})`,
          fix: FIX,
          isOpen: fileIsOpen,
          pending,
          stackFromPending: true,
        })
        // Released at its 'close' event too: a closed FileHandle may be collected before
        // the verdict asks it, which the registry would report as collected while open.
        // An EventEmitter at run time (Node ≥ 15.4), though not in @types/node 20's type.
        if (record) (fh as unknown as EventEmitter).on('close', releaseOnClose)
        return fh
      } as typeof open
      return wrapper
    })
  },
}
