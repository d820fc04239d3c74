import { openSync, writeSync } from 'node:fs'
import { untracked } from '../handles/kinds/untracked.js'
import type { PeakMethod } from '../report/model.js'
import { readProcStatus, readStatusMemory, statusKilobytes } from './proc-status.js'
import { readRss, STATUS } from './rss-source.js'

/** Where the kernel's high-water mark is reset and read; parameters so tests can redirect. */
export interface PeakPaths {
  /** Writing `5` here resets `VmHWM` to the current RSS. */
  readonly clearRefs: string
  /** Holds the `VmHWM:` line. */
  readonly status: string
}

/** The Linux paths of this process. */
export const procPeakPaths: PeakPaths = {
  clearRefs: '/proc/self/clear_refs',
  // The RSS figures' own file: a peak reading's `VmRSS` then stands for a reading of them.
  status: STATUS,
}

/** The peak RSS since the last `reset`, and how it was obtained. */
export interface PeakReading {
  readonly peakRss: number
  readonly method: PeakMethod
  /**
   * `kernel-hwm` only: `VmRSS` from the same reading of the status file, the RSS at this
   * moment from the peak's own counter; a caller that needs the RSS now reads no more.
   */
  readonly rss?: number
}

/**
 * Measures the true peak RSS between `reset()` and `read()`.
 *
 * On Linux it resets the kernel's high-water mark (write `5` to `clear_refs`, 0.5 µs)
 * and reads `VmHWM` with `VmRSS` (4 µs; `bench/probes/syscalls.mjs`), both through
 * descriptors kept open, so a spike inside one synchronous call is caught. Where that
 * fails (no procfs, no permission) it degrades honestly to `sampled`: the larger of the
 * RSS at reset and at read, which misses spikes in between, and says so.
 */
export interface PeakProbe {
  /** Starts a new measurement window. */
  reset(): void
  /** The peak since the last reset. */
  read(): PeakReading
  /** `kernel-hwm` when the kernel peak works here, else `sampled`. */
  readonly method: PeakMethod
}

/** Reads `VmHWM` in bytes, or `undefined` when the file or the line is missing. */
export function readVmHwm(statusPath: string): number | undefined {
  const text = readProcStatus(statusPath)
  return text === undefined ? undefined : statusKilobytes(text, 'VmHWM')
}

/** The open `clear_refs` files, by path: kept open, a reset is one write, not an open too. */
const clearRefsFds = new Map<string, number>()

/** Resets the high-water mark; false when the kernel refused (then peaks are sampled). */
export function resetVmHwm(clearRefsPath: string): boolean {
  try {
    let fd = clearRefsFds.get(clearRefsPath)
    if (fd === undefined) {
      // leakguard's own descriptor, kept open for the worker's life: not the test's handle.
      fd = untracked(() => openSync(clearRefsPath, 'w'))
      clearRefsFds.set(clearRefsPath, fd)
    }
    writeSync(fd, '5')
    return true
  } catch {
    // No procfs or no permission: the caller falls back to sampling and says so.
    return false
  }
}

/** Creates a peak probe; it checks once whether the kernel peak is available. */
export function createPeakProbe(paths: PeakPaths = procPeakPaths): PeakProbe {
  const kernel = resetVmHwm(paths.clearRefs) && readVmHwm(paths.status) !== undefined
  let rssAtReset = 0
  return {
    method: kernel ? 'kernel-hwm' : 'sampled',
    reset() {
      if (kernel) resetVmHwm(paths.clearRefs)
      else rssAtReset = readRss()
    },
    read() {
      if (kernel) {
        const status = readStatusMemory(paths.status)
        if (status) return { peakRss: status.hwm, method: 'kernel-hwm', rss: status.rss }
        // A status text without VmRSS (not a kernel's): the peak alone.
        const hwm = readVmHwm(paths.status)
        if (hwm !== undefined) return { peakRss: hwm, method: 'kernel-hwm' }
      }
      return { peakRss: Math.max(rssAtReset, readRss()), method: 'sampled' }
    },
  }
}
