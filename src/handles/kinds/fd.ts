import fs from 'node:fs'
import type { PendingOpen } from '../registry.js'
import { type FdToken, fdTokens } from './fd-table.js'
import type { HandleKind, KindContext } from './kind.js'
import { pathLabel } from './label.js'
import { trackingPaused, untracked } from './untracked.js'
import { replaceMethod } from './wrap.js'

const FIX =
  'close it with `fs.closeSync(fd)` (or `fs.close(fd, cb)`) in the test or its `afterEach`.'

/** The `fs` helpers that open and close a whole file in one call. */
const WHOLE_FILE_HELPERS = [
  'readFile',
  'readFileSync',
  'writeFile',
  'writeFileSync',
  'appendFile',
  'appendFileSync',
] as const

type Callback = (error: NodeJS.ErrnoException | null, fd?: number) => void

type Wrapper = (...args: never[]) => unknown

/**
 * Tracks a descriptor just opened. Its stack is the begin's of `pending` (an `fs.open` whose
 * callback runs off the caller's stack), else captured now below `openedBy`.
 */
function openedFd(
  context: KindContext,
  fd: number,
  path: unknown,
  openedBy: Wrapper,
  pending?: PendingOpen,
): void {
  const { registry } = context
  const stale = fdTokens.get(fd)
  if (stale) registry.release(stale)
  const token: FdToken = { fd }
  fdTokens.set(fd, token)
  registry.track(token, {
    kind: 'fd',
    label: `${pathLabel(path, context.root)} (fd ${fd})`,
    fix: FIX,
    pending,
    stackFromPending: true,
    openedBy,
  })
}

function closedFd({ registry }: KindContext, fd: unknown): void {
  if (typeof fd !== 'number') return
  const token = fdTokens.get(fd)
  if (!token) return
  fdTokens.delete(fd)
  registry.release(token)
}

/**
 * `fd`: raw descriptors from `fs.open` and `fs.openSync`, open until `fs.close`/`closeSync`
 * of that number. The wrappers sit on the `fs` module object, which CommonJS `require`,
 * `fs.*` calls and (after `syncBuiltinESMExports`) ESM named imports all reach. Node's own
 * whole-file helpers that open through these (`readFileSync`, callback `writeFile`) close
 * through them too, so they leave nothing behind.
 */
export const fdKind: HandleKind = {
  name: 'fd',
  install(context) {
    const undo = [
      replaceMethod(fs, 'openSync', (openSync) => {
        const wrapper = function (this: unknown, ...args: Parameters<typeof fs.openSync>) {
          const fd = openSync.apply(this, args)
          if (!trackingPaused()) openedFd(context, fd, args[0], wrapper)
          return fd
        } as typeof fs.openSync
        return wrapper
      }),
      replaceMethod(fs, 'open', (open) => {
        const wrapper = function (this: unknown, ...args: unknown[]) {
          const last = args.length - 1
          const callback = args[last]
          if (typeof callback !== 'function' || trackingPaused()) {
            return (open as (...a: unknown[]) => void).apply(this, args)
          }
          // The fd arrives in a callback, where the caller's line is no longer on the stack:
          // the stack taken here, at the call, is the record's.
          const pending = context.registry.opening(wrapper)
          args[last] = (error: NodeJS.ErrnoException | null, fd?: number) => {
            pending.done()
            if (!error && typeof fd === 'number') openedFd(context, fd, args[0], wrapper, pending)
            ;(callback as Callback)(error, fd)
          }
          return (open as (...a: unknown[]) => void).apply(this, args)
        } as typeof fs.open
        return wrapper
      }),
      // Node's whole-file helpers that open through the wrappers above (`readFileSync` of a
      // Buffer, callback `writeFile` and `appendFile`; which ones varies by Node version)
      // close what they open before they return or call back: run them untracked, so they
      // pay no stack capture for a descriptor nobody could leak.
      ...WHOLE_FILE_HELPERS.map((name) =>
        replaceMethod(
          fs as unknown as Record<string, (...args: unknown[]) => unknown>,
          name,
          (helper) =>
            function (this: unknown, ...args: unknown[]) {
              return untracked(() => helper.apply(this, args))
            },
        ),
      ),
      replaceMethod(
        fs,
        'closeSync',
        (closeSync) =>
          function (this: unknown, fd: number) {
            closedFd(context, fd)
            return closeSync.call(this, fd)
          } as typeof fs.closeSync,
      ),
      replaceMethod(
        fs,
        'close',
        (close) =>
          function (this: unknown, ...args: Parameters<typeof fs.close>) {
            closedFd(context, args[0])
            return close.apply(this, args)
          } as typeof fs.close,
      ),
    ]
    return () => {
      for (const step of undo) step()
    }
  },
}
