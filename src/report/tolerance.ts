import { expectedMessage } from '../expected.js'
import { parseSize } from '../memory/size.js'
import { ReportInputError } from './errors.js'
import { formatSize } from './size.js'

/**
 * How much more memory a test may use than its baseline before the gate fails it:
 * `allowed = max(base × (1 + relative), base + floorBytes)`. The floor keeps small tests
 * from tripping on allocator noise that is large relative to a small baseline.
 */
export interface Tolerance {
  /**
   * Allowed growth as a fraction of the baseline.
   * @default 0.1
   */
  relative: number
  /**
   * Allowed growth in bytes whatever the baseline.
   * @default 16 MB
   */
  floorBytes: number
}

/**
 * The defaults, chosen from measured noise: an unchanged 11-test suite (Zarr stores,
 * typed arrays, maps, JSON, a 150 MB transient buffer) run 10 times, every run's figures
 * gated against every other's (90 pairs). Worst growth between unchanged runs: peak RSS
 * delta +8.7 MB without forced GC, +3.6 MB with it; retained heap +0.0 MB with forced GC.
 * At 10% with a 16 MB floor no unchanged pair tripped, and a +32 MB retained-heap
 * regression in one test was caught in 30 of 30 pairs (with `gc: true`).
 */
export const DEFAULT_TOLERANCE: Readonly<Tolerance> = Object.freeze({
  relative: 0.1,
  floorBytes: 16 * 1024 ** 2,
})

/** The largest value allowed for a baseline value under `tolerance`. */
export function allowedValue(base: number, tolerance: Tolerance): number {
  // A negative baseline (heap shrank) gets no relative headroom: only the floor applies.
  return Math.max(base + Math.max(base, 0) * tolerance.relative, base + tolerance.floorBytes)
}

/** `10% with 16 MB floor`. */
export function describeTolerance(tolerance: Tolerance): string {
  return `${formatPercent(tolerance.relative)} with ${formatSize(tolerance.floorBytes)} floor`
}

/** `0.1` → `10%`, `0.125` → `12.5%`. */
export function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(1))}%`
}

/** Parses `--tolerance 10%` (a bare number is read as a percentage too). */
export function parseRelativeTolerance(text: string, option = '--tolerance'): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text)
  if (!match) {
    throw new ReportInputError(
      'InvalidOption',
      option,
      expectedMessage(option, "a percentage like '10%'", text),
    )
  }
  return Number(match[1]) / 100
}

/** Parses `--floor '16 MB'`. */
export function parseFloor(text: string, option = '--floor'): number {
  const size = parseSize(text)
  if (size === undefined) {
    throw new ReportInputError(
      'InvalidOption',
      option,
      expectedMessage(option, "a size like '16 MB'", text),
    )
  }
  return size
}
