import { GCProfiler } from 'node:v8'

/** A running count of the bytes the JS heap allocated since {@link startAllocationMeter}. */
export interface AllocationMeter {
  /**
   * Stops the meter and returns the bytes allocated on the JS heap since it started:
   * the growth of `heapUsed` (read after the meter started) plus everything the GCs in between freed. Read `heapUsedEnd`
   * before calling this, so a GC between that reading and the stop is counted too.
   */
  stop(heapUsedStart: number, heapUsedEnd: number): number
}

/**
 * Starts counting JS-heap allocation. Start it *before* reading the window's starting
 * `heapUsed`: a GC between the two is then counted (over-counting is harmless, missing
 * one is not).
 *
 * Why it bounds a test's retained heap: whatever survives a full GC at the test's end and
 * did not survive one at its start was allocated during the test, so the exact retained
 * heap (after-GC end minus after-GC start) is at most this figure. V8's `GCProfiler`
 * reports each GC's heap before and after (~0.1 ms for `stop()` here, no GC forced);
 * `used_heap_size` only rises between GCs, so growth plus what the GCs freed is what was
 * allocated. 60 windows of 0–30 MB (0–8 MB kept) against forced-GC figures: never below.
 */
export function startAllocationMeter(): AllocationMeter {
  const profiler = new GCProfiler()
  profiler.start()
  return {
    stop(heapUsedStart, heapUsedEnd) {
      const profile = profiler.stop()
      let freed = 0
      for (const gc of profile.statistics) {
        freed += Math.max(
          0,
          gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize,
        )
      }
      return Math.max(0, heapUsedEnd - heapUsedStart + freed)
    },
  }
}
