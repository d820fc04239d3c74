import type { RssScope, TestMemory } from '../report/model.js'
import { countOpenFds } from './fd-count.js'
import { getForcedGc } from './force-gc.js'
import { ownDescriptorsKept } from './own-descriptors.js'
import type { PeakProbe } from './peak.js'
import { readProcessMemory, readRssAndHeap } from './process-memory.js'
import { beginRetainedWindow, endRetainedWindow, type RetainedWindow } from './retained-auto.js'

/** The figures taken when a test starts. */
export interface MemoryStart {
  readonly heapUsed: number
  readonly rss: number
  readonly fds: number | null
  /** `gc: 'auto'` only: the allocation meter and the exact start, if known. */
  readonly window?: RetainedWindow
}

/** `gc: 'auto'` only: what the runner knows of the heap at this test's start. */
export interface AutoStart {
  /** The previous test's after-GC heap, when nothing ran in between. */
  readonly exactStart: number | undefined
  /** Force a GC at the start: the baseline says this test allocates past the limit. */
  readonly forceExactStart: boolean
  /** Allocation up to this is recorded as a bound, without a GC. */
  readonly limitBytes: number
}

/** How a test's memory is measured. */
export interface SnapshotOptions {
  readonly peak: PeakProbe
  /**
   * `true`: force a full GC before each heap reading, so `retainedHeap` is what survives.
   * `'auto'`: only where the test allocated more than {@link AutoStart.limitBytes}
   *   (retained-auto.ts).
   */
  readonly gc: boolean | 'auto'
  readonly rssScope: RssScope
}

/**
 * Takes the "before" figures. Call it as late as possible before the test's own code:
 * the peak window opens last, so the probe's own work is not counted in it.
 *
 * @param knownFds - the fd count if the caller knows nothing changed since it was taken
 *   (e.g. the previous test's end, with no suite hook in between): one syscall less
 *   (`fd-count.ts`: ~1 µs by `fstat`, 10–30 µs by listing on kernels before 6.2)
 */
export function startSnapshot(
  options: SnapshotOptions,
  knownFds?: number | null,
  auto?: AutoStart,
): MemoryStart {
  if (options.gc === true) getForcedGc()()
  // Before the heap reading: a GC between the two must be metered.
  const window =
    options.gc === 'auto'
      ? beginRetainedWindow({
          exactStart: auto?.exactStart,
          forceExactStart: auto?.forceExactStart ?? false,
          limitBytes: auto?.limitBytes ?? 0,
        })
      : undefined
  const kept = ownDescriptorsKept()
  const memory = readRssAndHeap()
  // A descriptor leakguard opened for itself just now is not the test's: count after it.
  const fds = knownFds === undefined || ownDescriptorsKept() !== kept ? countOpenFds() : knownFds
  options.peak.reset()
  const start = { heapUsed: memory.heapUsed, rss: memory.rss, fds }
  return window ? { ...start, window } : start
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
  const kept = ownDescriptorsKept()
  const peak = options.peak.read()
  if (options.gc === true) getForcedGc()()
  // With no GC in between, the peak's status reading holds the RSS now: one `pread` less.
  const now = readProcessMemory(options.gc === true ? undefined : peak.rss)
  const fds = countOpenFds()
  // Descriptors leakguard opened for itself in these readings are not the test's.
  const ownOpened = ownDescriptorsKept() - kept
  // The kernel peak covers the whole window, but a sampled one can miss the end reading.
  // All three are one counter's (rss-source.ts), so the max adds no bias of its own.
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
    fdDelta: start.fds === null || fds === null ? null : fds - ownOpened - start.fds,
    gcForced: options.gc === true,
    rssScope: options.rssScope,
  }
  if (options.gc === true) result.retainedMethod = 'exact'
  if (!start.window) return { memory: result, fds }
  const retained = endRetainedWindow(start.window, start.heapUsed, now.heapUsed)
  result.heapUsedAfter = retained.heapUsedAfter
  result.retainedHeap = retained.retainedHeap
  result.retainedMethod = retained.retainedMethod
  result.gcForced = retained.retainedMethod === 'exact'
  if (retained.retainedHeapMax !== undefined) result.retainedHeapMax = retained.retainedHeapMax
  return { memory: result, fds }
}
