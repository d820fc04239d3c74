import { createRequire } from 'node:module'
import type bytesType from 'bytes'

let bytesModule: typeof bytesType | undefined

/** Loaded on first use: the test runner imports this file in every worker, most never format. */
function bytes(): typeof bytesType {
  bytesModule ??= createRequire(import.meta.url)('bytes') as typeof bytesType
  return bytesModule
}

/**
 * Parses a human size such as `'512 MB'` or `'2GB'`, or passes a byte count through.
 * Units are binary (1 KB = 1024 B), as in the `bytes` package.
 *
 * @returns the size in bytes, or `undefined` when `value` is not a non-negative size of at
 *   most `Number.MAX_SAFE_INTEGER` bytes
 */
export function parseSize(value: unknown): number | undefined {
  if (typeof value === 'number') {
    if (!(value >= 0)) return undefined // also refuses NaN
    const rounded = Math.round(value)
    return Number.isSafeInteger(rounded) ? rounded : undefined
  }
  if (typeof value !== 'string' || !/^\s*\d+(\.\d+)?\s*[kmgtp]?b?\s*$/i.test(value)) {
    return undefined
  }
  const parsed = bytes().parse(value)
  // Sizes past 2^53 bytes (8 PB) are refused rather than rounded: a byte count that is not
  // a safe integer would compare wrongly against the figures it limits.
  return parsed === null || !Number.isSafeInteger(parsed) || parsed < 0 ? undefined : parsed
}

/**
 * Formats bytes for a human, always with one decimal and the unit: `2.0 GB`, `300.0 MB`,
 * `-12.5 MB`. One decimal so that a limit and a measurement that differ by a few
 * percent ("limited to 2.0 GB but peaked at 2.1 GB") still read differently.
 */
export function formatSize(value: number): string {
  const sign = value < 0 ? '-' : ''
  const text = bytes().format(Math.abs(value), {
    decimalPlaces: 1,
    fixedDecimals: true,
    unitSeparator: ' ',
  })
  return `${sign}${text ?? `${Math.abs(value)} B`}`
}
