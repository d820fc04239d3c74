import timers from 'node:timers'
import timersPromises from 'node:timers/promises'
import type { HandleRegistry } from '../registry.js'
import type { HandleKind } from './kind.js'
import { trackingPaused } from './untracked.js'
import { replaceMethod } from './wrap.js'

const FIX = 'stop it with `clearInterval(id)` in the test or its `afterEach`.'
const ITERATOR_FIX =
  'end its loop (`break`), call `iterator.return()` or abort its `signal` in the test or its `afterEach`.'

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
  return `${name} every ${periodOf(delay)} ms`
}

function periodOf(delay: unknown): number {
  const ms = Number(delay)
  return ms >= 1 && ms <= TIMEOUT_MAX ? ms : 1
}

type IntervalIterator = AsyncGenerator<unknown, void, unknown>
type PromisesSetInterval = typeof timersPromises.setInterval

/**
 * `timers/promises`' `setInterval` returns an async iterator whose timer Node makes inside
 * it, not through `setInterval`. The iterator is the handle: open from its first `next()`
 * until its loop ends (`break`, `throw` and `return` all call `return()`), `throw()` is
 * called, or its `signal` aborts. Those methods are set on the iterator itself, so a tick
 * pays nothing; an iterator nobody drives any more keeps its timer, and is reported (or,
 * collected with its timer still running, reported collected while open).
 */
function wrapIntervalIterator(registry: HandleRegistry): () => void {
  return replaceMethod(
    timersPromises,
    'setInterval',
    (original) =>
      function (this: unknown, ...args: unknown[]) {
        const iterator = (original as (...a: unknown[]) => IntervalIterator).apply(this, args)
        if (trackingPaused()) return iterator
        const signal = (args[2] as { signal?: AbortSignal } | undefined)?.signal
        const label = `timers/promises every ${periodOf(args[0])} ms`
        const release = () => registry.release(iterator)
        // Its timer starts with the generator's body, at the first `next()`, so that call
        // tracks it (its line is the open site: the `for await`, or the `next()`); an
        // iterator never driven holds nothing. The wrapper then removes itself: the ticks
        // after it call the generator's own `next` directly.
        const { next } = iterator
        const firstNext = function (this: IntervalIterator, ...callArgs: unknown[]) {
          delete (iterator as { next?: unknown }).next
          if (!trackingPaused() && !signal?.aborted) {
            registry.track(iterator, {
              kind: 'interval',
              label,
              fix: ITERATOR_FIX,
              openedBy: firstNext,
            })
          }
          return (next as (...a: unknown[]) => unknown).apply(this, callArgs)
        }
        Object.defineProperty(iterator, 'next', {
          configurable: true,
          writable: true,
          value: firstNext,
        })
        for (const key of ['return', 'throw'] as const) {
          const method = iterator[key] as (...a: unknown[]) => unknown
          Object.defineProperty(iterator, key, {
            configurable: true,
            writable: true,
            value(this: IntervalIterator, ...callArgs: unknown[]) {
              // Ended before it started: a later `next()` starts nothing, and tracks nothing.
              delete (iterator as { next?: unknown }).next
              release()
              return method.apply(this, callArgs)
            },
          })
        }
        signal?.addEventListener('abort', release, { once: true })
        return iterator
      } as PromisesSetInterval,
  )
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
 * places), open until cleared, and `timers/promises`' interval iterator. An `unref()`ed
 * interval is still reported: it only lets the process exit, while its callback keeps
 * running into the tests that follow. `setTimeout` is not wrapped: a timeout ends by itself.
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
          // The caller of `setInterval` is the frame below the wrapper: the file kinds' capture.
          openedBy: wrapper,
        })
        return timer
      }
      return wrapper as unknown as SetInterval
    }
    const undoGlobal = replaceMethod(globalThis, 'setInterval', wrap)
    const undoTimers = replaceMethod(timers, 'setInterval', wrap)
    const undoIterator = wrapIntervalIterator(registry)
    return () => {
      undoIterator()
      undoTimers()
      undoGlobal()
    }
  },
}
