import timers from 'node:timers'
import type { HandleKind } from './kind.js'
import { trackingPaused } from './untracked.js'
import { replaceMethod } from './wrap.js'

const FIX = 'stop it with `clearInterval(id)` in the test or its `afterEach`.'

/** Node's cap on a timer's delay; a delay outside 1…TIMEOUT_MAX runs every 1 ms. */
const TIMEOUT_MAX = 2 ** 31 - 1

/**
 * Cleared, by any of `clearInterval`, `clearTimeout`, `close()`, `[Symbol.dispose]` or the
 * numeric id: all of them mark Node's `Timeout` destroyed, so reading that flag at verdict
 * time needs none of them wrapped (and `clearTimeout`, called all the time, costs nothing).
 */
const intervalIsOpen = (timer: { _destroyed?: boolean }): boolean => timer._destroyed !== true

/** `tick every 100 ms`: the callback's name (or `anonymous`) and the period Node runs it at. */
export function intervalLabel(callback: unknown, delay: unknown): string {
  const name = typeof callback === 'function' && callback.name !== '' ? callback.name : 'anonymous'
  const ms = Number(delay)
  return `${name} every ${ms >= 1 && ms <= TIMEOUT_MAX ? ms : 1} ms`
}

type SetInterval = typeof globalThis.setInterval

/**
 * True when Node's own code called `setInterval` right below `wrapper`: an http server's
 * connection check (`checkConnections every 30000 ms`, cleared when the server closes) is
 * the server's, already tracked as the `server` kind, and no interval of the test's. Reads
 * one call site as a structured frame, not text: no formatting, and no source-map lookup
 * through a `prepareStackTrace` that vitest installed. Paid per `setInterval` only.
 */
function calledByNode(wrapper: (...args: never[]) => unknown): boolean {
  const limit = Error.stackTraceLimit
  const prepare = Error.prepareStackTrace
  Error.stackTraceLimit = 1
  Error.prepareStackTrace = (_error, sites) => sites
  try {
    const caller: { stack?: unknown } = {}
    Error.captureStackTrace(caller, wrapper)
    // V8 builds `stack` on first read, through the `prepareStackTrace` current then.
    const sites = caller.stack as NodeJS.CallSite[] | undefined
    return sites?.[0]?.getFileName()?.startsWith('node:') === true
  } finally {
    Error.prepareStackTrace = prepare
    Error.stackTraceLimit = limit
  }
}

/**
 * `interval`: `setInterval`, the global and `node:timers`' (one function, reached from two
 * places), open until cleared. An `unref()`ed interval is still reported: it only lets the
 * process exit, while its callback keeps running into the tests that follow. `setTimeout`
 * is not wrapped: a timeout ends by itself.
 */
export const intervalKind: HandleKind = {
  name: 'interval',
  install({ registry }) {
    const wrap = (original: SetInterval): SetInterval => {
      const wrapper = function (this: unknown, ...args: unknown[]) {
        const timer = (original as (...a: unknown[]) => object).apply(this, args)
        if (trackingPaused() || calledByNode(wrapper)) return timer
        registry.track(timer, {
          kind: 'interval',
          label: intervalLabel(args[0], args[1]),
          fix: FIX,
          isOpen: intervalIsOpen,
          // An active interval is held by Node's timer list: collected means cleared.
          closedIfCollected: true,
        })
        return timer
      }
      return wrapper as unknown as SetInterval
    }
    const undoGlobal = replaceMethod(globalThis, 'setInterval', wrap)
    const undoTimers = replaceMethod(timers, 'setInterval', wrap)
    return () => {
      undoTimers()
      undoGlobal()
    }
  },
}
