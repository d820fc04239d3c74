import { memoryUsage } from 'node:process'
import { getHeapStatistics } from 'node:v8'
import { keepProcStatusOpen, readProcStatus, statusKilobytes } from './proc-status.js'

/** One reading of the process's memory, in bytes. */
export interface ProcessMemory {
  readonly rss: number
  readonly heapUsed: number
  readonly external: number
  readonly arrayBuffers: number
}

/**
 * Reads RSS, heap, external and ArrayBuffer memory in one call (~15 µs: it reads
 * `/proc`). RSS counts native memory and ArrayBuffers too, which the heap alone misses.
 */
export function readProcessMemory(): ProcessMemory {
  // Opened now, while the process surely has a descriptor to spare: see outOfDescriptors.
  keepProcStatusOpen(STATUS)
  try {
    const usage = memoryUsage()
    return {
      rss: usage.rss,
      heapUsed: usage.heapUsed,
      external: usage.external,
      arrayBuffers: usage.arrayBuffers,
    }
  } catch (error) {
    return outOfDescriptors(error)
  }
}

/**
 * RSS and heap used alone, the same figures as {@link readProcessMemory}'s, for a test's
 * start: `memoryUsage.rss()` and the heap from V8, where `memoryUsage()` takes it too,
 * without the other figures a start does not need.
 *
 * Not `/proc/self/statm` (one `pread`, tried and removed): on Linux 6.2+ it sums the
 * per-CPU RSS counters exactly while `/proc/self/stat`, which `memoryUsage` reads, reads
 * them approximately, so the two differ by tens of pages and a start from one and an end
 * from the other would be biased.
 */
export function readRssAndHeap(): { readonly rss: number; readonly heapUsed: number } {
  return { rss: readRss(), heapUsed: getHeapStatistics().used_heap_size }
}

/** The resident set size alone, with the same fallback as {@link readProcessMemory}. */
export function readRss(): number {
  keepProcStatusOpen(STATUS)
  try {
    return memoryUsage.rss()
  } catch (error) {
    return outOfDescriptors(error).rss
  }
}

const STATUS = '/proc/self/status'

/**
 * `memoryUsage()` opens `/proc/self/stat` on every call, so it throws EMFILE when a test
 * has used up the process's descriptors. The test's verdict (its leaks) must not be lost
 * to that: read RSS through the status descriptor opened earlier, and the heap from V8,
 * which needs no file. `arrayBuffers` is then unknown and given as 0.
 */
function outOfDescriptors(error: unknown): ProcessMemory {
  const text = readProcStatus(STATUS)
  const rss = text === undefined ? undefined : statusKilobytes(text, 'VmRSS')
  if (rss === undefined) throw error
  const heap = getHeapStatistics()
  return { rss, heapUsed: heap.used_heap_size, external: heap.external_memory, arrayBuffers: 0 }
}
