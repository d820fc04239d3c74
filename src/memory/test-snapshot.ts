import type { RssScope, TestMemory } from '../report/model.js'
import { countOpenFds } from './fd-count.js'
import { getForcedGc } from './force-gc.js'
import type { PeakProbe } from './peak.js'
import { readProcessMemory } from './process-memory.js'

/** The figures taken when a test starts. */
export interface MemoryStart {
  readonly heapUsed: number
  readonly rss: number
  readonly fds: number | null
}

/** How a test's memory is measured. */
export interface SnapshotOptions {
  readonly peak: PeakProbe
  /** Force a full GC before each heap reading, so `retainedHeap` is what survives. */
  readonly gc: boolean
  readonly rssScope: RssScope
}

/**
 * Takes the "before" figures. Call it as late as possible before the test's own code:
 * the peak window opens last, so the probe's own work is not counted in it.
 *
 * @param knownFds - the fd count if the caller knows nothing changed since it was taken
 *   (e.g. the previous test's end, with no suite hook in between): counting costs
 *   ~18–25 µs (bench/probes), a fifth of the per-test budget
 */
export function startSnapshot(options: SnapshotOptions, knownFds?: number | null): MemoryStart {
  if (options.gc) getForcedGc()()
  const memory = readProcessMemory()
  const fds = knownFds === undefined ? countOpenFds() : knownFds
  options.peak.reset()
  return { heapUsed: memory.heapUsed, rss: memory.rss, fds }
}

/** The test's figures, and the raw fd count at its end for the next test's start. */
export interface MemoryFinish {
  readonly memory: TestMemory
  readonly fds: number | null
}

/**
 * Takes the "after" figures and derives the test's memory. Call it as early as possible
 * after the test: the peak is read first, before the forced GC or anything else allocates.
 */
export function finishSnapshot(start: MemoryStart, options: SnapshotOptions): MemoryFinish {
  const peak = options.peak.read()
  if (options.gc) getForcedGc()()
  const now = readProcessMemory()
  const fds = countOpenFds()
  // The kernel peak covers the whole window, but a sampled one can miss the end reading.
  const peakRss = Math.max(peak.peakRss, now.rss, start.rss)
  const result: TestMemory = {
    heapUsedBefore: start.heapUsed,
    heapUsedAfter: now.heapUsed,
    retainedHeap: now.heapUsed - start.heapUsed,
    rssBefore: start.rss,
    rssAfter: now.rss,
    peakRss,
    peakRssDelta: peakRss - start.rss,
    peakMethod: peak.method,
    externalAfter: now.external,
    arrayBuffersAfter: now.arrayBuffers,
    fdDelta: start.fds === null || fds === null ? null : fds - start.fds,
    gcForced: options.gc,
    rssScope: options.rssScope,
  }
  return { memory: result, fds }
}
