import type { RetainedMethod } from '../report/model.js'
import { type AllocationMeter, startAllocationMeter } from './allocation-meter.js'
import { getForcedGc } from './force-gc.js'

/*
 * `gc: 'auto'`: a retained-heap figure the gate can trust, with a forced GC only where a
 * test allocated enough to matter. Per test, in the order the snapshot calls these:
 *
 * 1. {@link beginRetainedWindow}: a forced GC only when the caller asks for an exact start
 *    (the baseline says this test allocates more than the limit), then the allocation
 *    meter starts.
 * 2. {@link endRetainedWindow}: what the JS heap allocated during the test. At or below
 *    `limitBytes` that is the figure (`bound`: the exact retained heap cannot exceed it),
 *    and no GC is forced. Above it, one forced GC at the end; retained is exact when the
 *    start was exact (its own GC, or the previous test's end GC with nothing run in
 *    between), else `at-least` (end after GC minus the start without GC), with the
 *    allocation as its upper bound.
 *
 * The previous test's end GC is known to the caller from that test's figures: its
 * `heapUsedAfter` when its `retainedMethod` is `exact` or `at-least`.
 */
/** What {@link beginRetainedWindow} is told about the test about to start. */
export interface RetainedStart {
  /** The previous test's after-GC heap, when nothing ran since. */
  readonly exactStart: number | undefined
  /** Force a GC now: the baseline says this test allocates past the limit. */
  readonly forceExactStart: boolean
  /**
   * Allocation at or below which no GC is forced: the smallest growth the gate allows
   * (its floor, less where a baseline figure is negative).
   */
  readonly limitBytes: number
}

/** The start of a test's window under `gc: 'auto'`. */
export interface RetainedWindow {
  readonly meter: AllocationMeter
  /** The heap after a full GC at (or right before) the start; unknown without one. */
  readonly exactStart: number | undefined
  readonly limitBytes: number
}

/** Call before reading the start's `heapUsed`, so a GC in between is metered. */
export function beginRetainedWindow(start: RetainedStart): RetainedWindow {
  let exactStart = start.exactStart
  if (exactStart === undefined && start.forceExactStart) {
    getForcedGc()()
    exactStart = process.memoryUsage().heapUsed
  }
  return { meter: startAllocationMeter(), exactStart, limitBytes: start.limitBytes }
}

/** A test's retained heap under `gc: 'auto'`. */
export interface RetainedResult {
  readonly retainedHeap: number
  readonly retainedMethod: RetainedMethod
  readonly retainedHeapMax?: number
  /** The heap figure to report as `heapUsedAfter`: after the forced GC, if one ran. */
  readonly heapUsedAfter: number
}

/**
 * Call as soon as the test ends, after reading `heapUsedEnd` without GC.
 *
 * @param heapUsedStart - the start's `heapUsed`, read after {@link beginRetainedWindow}
 */
export function endRetainedWindow(
  window: RetainedWindow,
  heapUsedStart: number,
  heapUsedEnd: number,
): RetainedResult {
  const allocated = window.meter.stop(heapUsedStart, heapUsedEnd)
  if (allocated <= window.limitBytes) {
    return { retainedHeap: allocated, retainedMethod: 'bound', heapUsedAfter: heapUsedEnd }
  }
  getForcedGc()()
  const end = process.memoryUsage().heapUsed
  if (window.exactStart !== undefined) {
    return { retainedHeap: end - window.exactStart, retainedMethod: 'exact', heapUsedAfter: end }
  }
  // The start without GC held garbage besides the live heap, so this is a lower bound.
  return {
    retainedHeap: end - heapUsedStart,
    retainedMethod: 'at-least',
    retainedHeapMax: Math.max(allocated, end - heapUsedStart),
    heapUsedAfter: end,
  }
}
