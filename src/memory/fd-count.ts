import { closeSync, fstatSync, openSync, readdirSync } from 'node:fs'
import { untracked } from '../handles/kinds/untracked.js'

/**
 * How a directory's descriptors are counted, chosen on its first count: `fstat` of a
 * descriptor kept open on it, or listing it.
 */
type Counter = { readonly kept: number } | 'list'

const counters = new Map<string, Counter>()

/**
 * Counts the open file descriptors of this process.
 *
 * Since Linux 6.2 the size of `/proc/<pid>/fd` is the number of open descriptors, so
 * one `fstat` of a descriptor kept open on it gives the count (~1 µs, and it still works
 * when the process is out of descriptors). Where the size does not say that (an older
 * kernel, or a directory that is not an fd table), it lists the directory (~10 µs at 20
 * fds, more under load). Either way the count is the one a listing would give before
 * this function kept anything open: the kept descriptor stands in for the listing's own.
 *
 * @param fdDir - the directory listing them; a parameter so tests can point elsewhere
 * @returns the count, or `null` where the directory cannot be read (not Linux)
 */
export function countOpenFds(fdDir = '/proc/self/fd'): number | null {
  const counter = counters.get(fdDir) ?? chooseCounter(fdDir)
  try {
    return counter === 'list' ? readdirSync(fdDir).length : fstatSync(counter.kept).size
  } catch {
    // No procfs (macOS, Windows): the figure is unknown, reported as null, never 0.
    return null
  }
}

/**
 * Keeps a descriptor on `fdDir` if its size is the count: a listing, which holds one
 * descriptor of its own while it reads, then sees exactly one more than the size says.
 * A thread may open or close a file between the two readings: a few tries, then listing.
 */
function chooseCounter(fdDir: string): Counter {
  let kept: number
  try {
    // leakguard's own descriptor, kept for the process's life: not the test's handle.
    kept = untracked(() => openSync(fdDir, 'r'))
  } catch {
    // No such directory, or no descriptor to spare right now: list it, and try again later.
    return 'list'
  }
  let counter: Counter = 'list'
  try {
    for (let attempt = 0; attempt < 3 && counter === 'list'; attempt++) {
      const size = fstatSync(kept).size
      if (size > 0 && readdirSync(fdDir).length === size + 1) counter = { kept }
    }
  } catch {
    // Unreadable: listing reports it (null) on each count.
  }
  if (counter === 'list') closeSync(kept)
  counters.set(fdDir, counter)
  return counter
}
