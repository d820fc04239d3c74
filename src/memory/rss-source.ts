import { memoryUsage } from 'node:process'
import { readProcStatus, readStatusMemory } from './proc-status.js'

/**
 * Where every RSS figure of a test comes from: the kernel counter behind `VmRSS` in
 * `/proc/self/status`, the file that also holds the kernel peak `VmHWM`. A test's start,
 * end and peak then come from one counter, and `peakRssDelta` is not biased by a second.
 *
 * Why not `memoryUsage().rss`: it reads `/proc/self/stat`, which since Linux 6.2 reads the
 * per-CPU RSS counters approximately, while `status` and `statm` sum them exactly. On 6.18
 * here, read back to back, stat was 45 pages below status (median; −498 to +62 when RSS
 * moved) and equal in 0 of 2,000 readings, while status and statm were equal in 1,997
 * (`bench/probes/syscalls.mjs`). Against a `VmHWM` peak, a stat start overstated a clean
 * test's `peakRssDelta` by those ~180 kB. stat also sums its other fields over every
 * thread, and is opened, read and closed on each call (2.7 µs, 3.4 µs open+read+close).
 *
 * A test's start reads `/proc/self/statm` (one `pread` of a kept descriptor, 0.8 µs; the
 * larger status text costs 4 µs to read and parse), but only once it has been seen to give
 * status's `VmRSS` to the byte, with no reading that disagreed: on a kernel where the two
 * are different counters, status is read at the start too. Where there is no procfs
 * (macOS, Windows), every figure is `memoryUsage.rss()`: one source again.
 */

/**
 * This process's status file: `VmRSS` for every RSS figure, and `VmHWM` for the kernel peak
 * (`procPeakPaths.status`), so a peak reading's `VmRSS` is this counter's too.
 */
export const STATUS = '/proc/self/status'
const STATM = '/proc/self/statm'

/** How the start is read, chosen on first use: statm pages of this size, status, or Node. */
type StartSource = { readonly pageSize: number } | 'status' | 'usage'
let startSource: StartSource | undefined

/** The resident pages field of a statm text (the second number). */
function statmPages(text: string | undefined): number | undefined {
  const field = text?.split(' ', 2)[1]
  const pages = field === undefined ? Number.NaN : Number(field)
  return Number.isInteger(pages) && pages > 0 ? pages : undefined
}

/** The page sizes Linux uses (x86-64 4 kB; arm64 4, 16 or 64 kB). */
const PAGE_SIZES = [4096, 16384, 65536]

/**
 * Whether statm counts what status counts, here: a few readings of statm between two equal
 * status readings (RSS did not move between them) must all agree, and none may differ.
 * Three agreeing readings, not one: an approximate counter can equal the exact sum by
 * chance, e.g. right after the per-CPU deltas were folded in.
 */
export function chooseStartSource(statusPath = STATUS, statmPath = STATM): StartSource {
  if (readStatusMemory(statusPath) === undefined) return 'usage'
  let agreed = 0
  let pageSize: number | undefined
  for (let attempt = 0; attempt < 8 && agreed < 3; attempt++) {
    const before = readStatusMemory(statusPath)?.rss
    const pages = statmPages(readProcStatus(statmPath))
    const after = readStatusMemory(statusPath)?.rss
    if (pages === undefined) return 'status'
    if (before === undefined || before !== after) continue // RSS moved: no evidence either way
    const size = PAGE_SIZES.find((candidate) => pages * candidate === before)
    if (size === undefined || (pageSize !== undefined && size !== pageSize)) return 'status'
    pageSize = size
    agreed++
  }
  return agreed === 3 && pageSize !== undefined ? { pageSize } : 'status'
}

/**
 * The RSS at a test's start (and for a sampled peak), in bytes, from the source chosen on
 * first use: statm where it agrees with status, else status, else `memoryUsage.rss()`.
 */
export function readRss(): number {
  startSource ??= chooseStartSource()
  if (startSource === 'usage') return memoryUsage.rss()
  if (startSource !== 'status') {
    const pages = statmPages(readProcStatus(STATM))
    if (pages !== undefined) return pages * startSource.pageSize
  }
  return readStatusRss() ?? memoryUsage.rss()
}

/**
 * `VmRSS` from `/proc/self/status` through its kept descriptor (so it works when the test
 * has used up the process's descriptors), or `undefined` where there is none (not Linux).
 */
export function readStatusRss(): number | undefined {
  return readStatusMemory(STATUS)?.rss
}

/** The start source chosen in this process, for tests and benchmarks to report. */
export function rssStartSource(): 'statm' | 'status' | 'usage' {
  startSource ??= chooseStartSource()
  return typeof startSource === 'object' ? 'statm' : startSource
}
