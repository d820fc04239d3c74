import { DAYS_IN_YEAR_SLOTS } from './calendar.js'
import { normalCdf, normalQuantile } from './normal.js'

/**
 * Day-of-year marginal distributions, fitted empirically in a moving window of days.
 *
 * For every series (one station's variable) and every day of year d, the sample is all
 * values observed within ±`windowHalfWidth` days of d, in every year. Its distribution is
 * kept as `knots` quantiles at evenly spaced probabilities from 0.5/n to 1 − 0.5/n
 * (Hazen plotting positions, so the first and last knots are the sample's minimum and
 * maximum); between knots the CDF is linear. A fixed number of knots keeps the model
 * small (366 × knots per series) whatever the record length, which matters because it is
 * shipped to every ensemble worker.
 *
 * Precipitation gets a mixed distribution: the window's dry fraction pDry (values below
 * `dryThreshold`) and knots of the wet amounts. A wet day maps to
 * u = pDry + (1 − pDry)·F_wet(x); a dry day to u = v·pDry with v uniform in (0, 1), so
 * the transformed series is standard normal as a whole and the simulated dry frequency
 * matches; `dryDayUniforms` chooses v so that dry spells stay persistent and co-occurring
 * dry days stay together across stations.
 */
export interface MarginalTables {
  readonly seriesCount: number
  readonly knots: number
  /** Quantile values, `seriesCount × 366 × knots`. */
  readonly values: Float64Array
  /** Probability of the first knot, `seriesCount × 366`. */
  readonly pLow: Float64Array
  /** Probability of the last knot, `seriesCount × 366`. */
  readonly pHigh: Float64Array
  /** Dry-day probability, `seriesCount × 366`; 0 for series without dry-day handling. */
  readonly pDry: Float64Array
  /** Per series: the dry threshold, or NaN for continuous variables. */
  readonly dryThreshold: Float64Array
}

/** How marginals are fitted. */
export interface MarginalOptions {
  /** Half width of the day-of-year window in days. @default 15 */
  readonly windowHalfWidth: number
  /** Quantile knots per day of year. @default 101 */
  readonly knots: number
}

/** Allocates empty tables for `seriesCount` series. */
export function allocateMarginals(seriesCount: number, knots: number): MarginalTables {
  const cells = seriesCount * DAYS_IN_YEAR_SLOTS
  const dryThreshold = new Float64Array(seriesCount).fill(Number.NaN)
  return {
    seriesCount,
    knots,
    values: new Float64Array(cells * knots),
    pLow: new Float64Array(cells),
    pHigh: new Float64Array(cells),
    pDry: new Float64Array(cells),
    dryThreshold,
  }
}

/**
 * Fits series `s` of `tables` from `values` observed on days of year `doy`.
 * `dryThreshold` switches on dry-day handling (precipitation).
 */
export function fitMarginal(
  tables: MarginalTables,
  s: number,
  values: Float64Array,
  doy: Uint16Array,
  options: MarginalOptions,
  dryThreshold?: number,
): void {
  const buckets = bucketByDay(values, doy)
  const sample = new Float64Array(values.length)
  const { knots } = tables
  if (dryThreshold !== undefined) tables.dryThreshold[s] = dryThreshold
  for (let d = 0; d < DAYS_IN_YEAR_SLOTS; d++) {
    let n = 0
    let dry = 0
    for (let offset = -options.windowHalfWidth; offset <= options.windowHalfWidth; offset++) {
      const bucket = buckets[(d + offset + DAYS_IN_YEAR_SLOTS) % DAYS_IN_YEAR_SLOTS]!
      for (const x of bucket) {
        if (dryThreshold !== undefined && x < dryThreshold) dry++
        else sample[n++] = x
      }
    }
    const cell = s * DAYS_IN_YEAR_SLOTS + d
    const total = n + dry
    tables.pDry[cell] = total === 0 ? 0 : dry / total
    const sorted = sample.subarray(0, n).sort()
    const out = tables.values.subarray(cell * knots, (cell + 1) * knots)
    if (n === 0) {
      // A window without wet days: every simulated day there is dry, since pDry = 1.
      out.fill(dryThreshold ?? 0)
      tables.pLow[cell] = 0.5
      tables.pHigh[cell] = 0.5
      continue
    }
    const pLow = 0.5 / n
    const pHigh = 1 - 0.5 / n
    tables.pLow[cell] = pLow
    tables.pHigh[cell] = pHigh
    for (let j = 0; j < knots; j++) {
      const p = level(pLow, pHigh, knots, j)
      const h = Math.min(Math.max(p * n - 0.5, 0), n - 1)
      const lo = Math.floor(h)
      const hi = Math.min(lo + 1, n - 1)
      out[j] = sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!)
    }
  }
}

function bucketByDay(values: Float64Array, doy: Uint16Array): number[][] {
  const buckets: number[][] = Array.from({ length: DAYS_IN_YEAR_SLOTS }, () => [])
  for (let t = 0; t < values.length; t++) buckets[doy[t]!]!.push(values[t]!)
  return buckets
}

/**
 * Transforms one observed value to standard-normal space.
 *
 * @param dryUniform v in (0, 1) placing a dry day inside [0, pDry); ignored otherwise
 */
export function toNormal(
  tables: MarginalTables,
  s: number,
  x: number,
  doy: number,
  dryUniform: number,
): number {
  const cell = s * DAYS_IN_YEAR_SLOTS + doy
  const threshold = tables.dryThreshold[s]!
  const pDry = tables.pDry[cell]!
  if (!Number.isNaN(threshold)) {
    if (x < threshold) return normalQuantile(Math.max(dryUniform * pDry, Number.MIN_VALUE))
    return normalQuantile(pDry + (1 - pDry) * knotCdf(tables, cell, x))
  }
  return normalQuantile(knotCdf(tables, cell, x))
}

/** Transforms one standard-normal value back to physical units for day of year `doy`. */
export function fromNormal(tables: MarginalTables, s: number, z: number, doy: number): number {
  const cell = s * DAYS_IN_YEAR_SLOTS + doy
  let u = normalCdf(z)
  if (!Number.isNaN(tables.dryThreshold[s]!)) {
    const pDry = tables.pDry[cell]!
    if (u < pDry) return 0
    u = pDry >= 1 ? 0.5 : (u - pDry) / (1 - pDry)
  }
  return knotQuantile(tables, cell, u)
}

function level(pLow: number, pHigh: number, knots: number, j: number): number {
  return knots === 1 ? 0.5 : pLow + ((pHigh - pLow) * j) / (knots - 1)
}

/** The piecewise-linear CDF through the knots; ties get the middle of their levels. */
function knotCdf(tables: MarginalTables, cell: number, x: number): number {
  const { knots } = tables
  const q = tables.values.subarray(cell * knots, (cell + 1) * knots)
  const pLow = tables.pLow[cell]!
  const pHigh = tables.pHigh[cell]!
  const below = lowerBound(q, x) // knots < x
  const atOrBelow = upperBound(q, x) // knots ≤ x
  if (atOrBelow > below) {
    return 0.5 * (level(pLow, pHigh, knots, below) + level(pLow, pHigh, knots, atOrBelow - 1))
  }
  if (below === 0) return pLow
  if (below === knots) return pHigh
  const q0 = q[below - 1]!
  const q1 = q[below]!
  const p0 = level(pLow, pHigh, knots, below - 1)
  const p1 = level(pLow, pHigh, knots, below)
  return p0 + ((x - q0) / (q1 - q0)) * (p1 - p0)
}

/** The inverse of {@link knotCdf}; probabilities outside the knots clamp to the ends. */
function knotQuantile(tables: MarginalTables, cell: number, u: number): number {
  const { knots } = tables
  const base = cell * knots
  const pLow = tables.pLow[cell]!
  const pHigh = tables.pHigh[cell]!
  if (knots === 1 || pHigh <= pLow) return tables.values[base]!
  const position = ((Math.min(Math.max(u, pLow), pHigh) - pLow) / (pHigh - pLow)) * (knots - 1)
  const j = Math.min(Math.floor(position), knots - 2)
  const frac = position - j
  const q0 = tables.values[base + j]!
  return q0 + frac * (tables.values[base + j + 1]! - q0)
}

function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}
