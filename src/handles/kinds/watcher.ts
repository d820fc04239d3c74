import fs from 'node:fs'
import type { HandleKind } from './kind.js'
import { pathLabel } from './label.js'
import { trackingPaused } from './untracked.js'
import { replaceMethod } from './wrap.js'

const FIX =
  'stop it with `watcher.close()`, `fs.unwatchFile(path)`, or by ending the `for await` loop, in the test or its `afterEach`.'

/** A `watchFile` watcher runs while it has a `change` listener; `unwatchFile` removes them. */
const statWatcherIsOpen = (watcher: fs.StatWatcher): boolean => watcher.listenerCount('change') > 0

/**
 * `watcher`: `fs.watch` (until `close()`), `fs.watchFile` (until `unwatchFile` leaves it no
 * listener) and `fs.promises.watch` (until its loop ends: `return()`, an abort, an error).
 * Each wrapper is the user's call, so its stack is taken below it (`openedBy`), as the file
 * kinds take theirs.
 */
export const watcherKind: HandleKind = {
  name: 'watcher',
  install({ registry, root }) {
    const undo = [
      replaceMethod(
        fs,
        'watch',
        (watch) =>
          function trackedWatch(this: unknown, ...args: Parameters<typeof watch>) {
            const watcher = watch.apply(this, args)
            if (trackingPaused()) return watcher
            if (
              registry.track(watcher, {
                kind: 'watcher',
                label: pathLabel(args[0], root),
                fix: FIX,
                openedBy: trackedWatch,
              })
            ) {
              watcher.once('close', () => registry.release(watcher))
            }
            return watcher
          } as typeof watch,
      ),
      replaceMethod(
        fs,
        'watchFile',
        (watchFile) =>
          function trackedWatchFile(this: unknown, ...args: unknown[]) {
            const watcher = (watchFile as (...a: unknown[]) => fs.StatWatcher).apply(this, args)
            if (trackingPaused() || !watcher) return watcher
            const record = registry.track(watcher, {
              kind: 'watcher',
              label: `${pathLabel(args[0], root)} (watchFile)`,
              fix: FIX,
              isOpen: statWatcherIsOpen,
              openedBy: trackedWatchFile,
            })
            // 'stop' when its last listener goes: a stopped watcher may be collected before
            // the verdict, which the registry would report as collected while open.
            if (record) watcher.once('stop', () => registry.release(watcher))
            return watcher
          } as typeof watchFile,
      ),
      replaceMethod(
        fs.promises,
        'watch',
        (watch) =>
          function trackedPromisesWatch(this: unknown, ...args: Parameters<typeof watch>) {
            const iterator = watch.apply(this, args)
            if (trackingPaused()) return iterator
            if (
              registry.track(iterator, {
                kind: 'watcher',
                label: pathLabel(args[0], root),
                fix: FIX,
                openedBy: trackedPromisesWatch,
              })
            ) {
              // A generator: an iterator too, though typed as an iterable.
              endsWith(iterator as unknown as AsyncIterator<unknown>, () =>
                registry.release(iterator),
              )
            }
            return iterator
          } as typeof watch,
      ),
    ]
    return () => {
      for (const step of undo) step()
    }
  },
}

/** Calls `ended` once the iterator is done, returned, or threw (own-property wrappers). */
function endsWith<T>(iterator: AsyncIterator<T>, ended: () => void): void {
  const { next, return: finish, throw: raise } = iterator
  iterator.next = async (...args) => {
    try {
      const result = await next.apply(iterator, args)
      if (result.done) ended()
      return result
    } catch (error) {
      ended()
      throw error
    }
  }
  if (finish) {
    iterator.return = (value) => {
      ended()
      return finish.call(iterator, value)
    }
  }
  if (raise) {
    iterator.throw = (error) => {
      ended()
      return raise.call(iterator, error)
    }
  }
}
