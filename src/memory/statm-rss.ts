import { closeSync, openSync, readSync } from 'node:fs'
import { memoryUsage } from 'node:process'
import { untracked } from '../handles/kinds/untracked.js'

/**
 * The resident set size from `/proc/self/statm`, read through a descriptor kept open.
 *
 * Why: `process.memoryUsage()` opens, reads and closes `/proc/self/stat` on each call,
 * which the kernel builds by walking every thread (~3 µs warm, the largest single
 * item of a test's start in a profiled worker). `statm`'s second field is the same
 * counter (the mm's resident pages) and is one `pread` (~1 µs). Its unit is the page,
 * whose size Node does not expose: it is taken once from a reading that matches
 * `memoryUsage.rss()` exactly, so the figure is the one `memoryUsage()` gives.
 */

const STATM = '/proc/self/statm'
const buffer = Buffer.alloc(256)
/** The kept descriptor and the page size; `null` where statm cannot serve. */
let reader: { readonly fd: number; readonly pageSize: number } | null | undefined

/** Bytes resident now, or `undefined` where statm cannot say (use `memoryUsage`). */
export function statmRss(): number | undefined {
  reader ??= openReader()
  if (!reader) return undefined
  const pages = residentPages(reader.fd)
  return pages === undefined ? undefined : pages * reader.pageSize
}

/** statm's second field, parsed from bytes: no string is made. */
function residentPages(fd: number): number | undefined {
  let length: number
  try {
    length = readSync(fd, buffer, 0, buffer.length, 0)
  } catch {
    // Not readable now: the caller falls back to memoryUsage.
    return undefined
  }
  let index = buffer.indexOf(0x20)
  if (index < 0 || index >= length) return undefined
  let pages = 0
  let digits = 0
  for (index++; index < length; index++, digits++) {
    const byte = buffer[index] ?? 0
    if (byte < 0x30 || byte > 0x39) break
    pages = pages * 10 + (byte - 0x30)
  }
  return digits > 0 ? pages : undefined
}

/**
 * Opens statm and finds the page size: a statm reading taken on both sides of
 * `memoryUsage.rss()`, unchanged, whose pages divide that RSS into a power of two.
 * RSS can move between the readings: a few tries, then `null` (memoryUsage is used).
 *
 * @returns `undefined` when no descriptor is spare now: tried again at the next reading
 */
function openReader(): { fd: number; pageSize: number } | null | undefined {
  let fd: number
  try {
    // leakguard's own descriptor, kept for the process's life: not the test's handle.
    fd = untracked(() => openSync(STATM, 'r'))
  } catch (error) {
    // Out of descriptors: this reading comes from memoryUsage, the next one tries again.
    // No procfs (not Linux): every reading does.
    return (error as NodeJS.ErrnoException).code === 'EMFILE' ? undefined : null
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = residentPages(fd)
    let rss: number
    try {
      rss = memoryUsage.rss()
    } catch {
      // It opens /proc/self/stat: out of descriptors, statm's took the last. Later.
      closeSync(fd)
      return undefined
    }
    if (before === undefined || before === 0 || residentPages(fd) !== before) continue
    const pageSize = rss / before
    if (Number.isInteger(pageSize) && pageSize >= 1024 && (pageSize & (pageSize - 1)) === 0) {
      return { fd, pageSize }
    }
  }
  closeSync(fd)
  return null
}
