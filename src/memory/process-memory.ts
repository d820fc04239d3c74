import { memoryUsage } from 'node:process'
import { getHeapStatistics } from 'node:v8'
import { keepProcStatusOpen } from './proc-status.js'
import { readRss, readStatusRss, STATUS } from './rss-source.js'

/** One reading of the process's memory, in bytes. */
export interface ProcessMemory {
  readonly rss: number
  readonly heapUsed: number
  readonly external: number
  readonly arrayBuffers: number
}

/**
 * Reads RSS, heap, external and ArrayBuffer memory. RSS counts native memory and
 * ArrayBuffers too, which the heap alone misses.
 *
 * RSS is `VmRSS` of `/proc/self/status`, the counter the kernel peak comes from
 * (`rss-source.ts`), or `memoryUsage().rss` where there is no procfs. The heap, external
 * and ArrayBuffer figures are `memoryUsage()`'s: it is the only source of `arrayBuffers`,
 * so its `/proc/self/stat` reading is still paid, and its RSS is not used.
 *
 * @param rss - the status `VmRSS` the caller read just now (the peak's reading, with
 *   nothing run in between): one `pread` less
 */
export function readProcessMemory(rss?: number): ProcessMemory {
  // Opened now, while the process surely has a descriptor to spare: see outOfDescriptors.
  keepProcStatusOpen(STATUS)
  const resident = rss ?? readStatusRss()
  try {
    const usage = memoryUsage()
    return {
      rss: resident ?? usage.rss,
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
 * start: the RSS from the same counter (`rss-source.ts`, a `pread` of a kept statm) and
 * the heap from V8, where `memoryUsage()` takes it too, without the other figures.
 */
export function readRssAndHeap(): { readonly rss: number; readonly heapUsed: number } {
  return { rss: readRss(), heapUsed: getHeapStatistics().used_heap_size }
}

/**
 * `memoryUsage()` opens `/proc/self/stat` on every call, so it throws EMFILE when a test
 * has used up the process's descriptors. The test's verdict (its leaks) must not be lost
 * to that: read RSS through the status descriptor opened earlier, and the heap from V8,
 * which needs no file. `arrayBuffers` is then unknown and given as 0.
 */
function outOfDescriptors(error: unknown): ProcessMemory {
  const rss = readStatusRss()
  if (rss === undefined) throw error
  const heap = getHeapStatistics()
  return { rss, heapUsed: heap.used_heap_size, external: heap.external_memory, arrayBuffers: 0 }
}
