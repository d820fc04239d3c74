import type { VariableName } from './observations.js'
import type { Rng } from './prng.js'
import { dailyExtraterrestrial, sinElevation } from './solar.js'

/** Hours per day of the hourly output. */
export const HOURS = 24

/**
 * Mean-zero diurnal temperature shape: a cosine peaking at 15:00 local solar time,
 * sampled at hour midpoints. The sample mean is subtracted so that daily means of the
 * hourly values equal the daily value to rounding, whatever the sampling.
 */
const DIURNAL = (() => {
  const shape = Float64Array.from({ length: HOURS }, (_, h) =>
    Math.cos((2 * Math.PI * (h + 0.5 - 15)) / HOURS),
  )
  const mean = shape.reduce((a, b) => a + b, 0) / HOURS
  return shape.map((x) => x - mean)
})()

/** One station's daily series in, hourly series out. */
export interface StationDays {
  readonly variables: readonly VariableName[]
  readonly latitude: number
  /** Days of year of the daily values. */
  readonly dayOfYear: Uint16Array
  /** Daily values, dims `(variable, time)`. */
  readonly daily: Float64Array
}

/**
 * Disaggregates one station's daily values to hours, into `hourly`, dims
 * `(variable, time·24)`. Each rule keeps the daily mean (the daily sum for R) exactly,
 * up to floating-point rounding:
 * - theta: daily mean plus the diurnal cosine, with a half-range of 1.5–6 °C that grows
 *   with the day's clearness (radiation / clear-sky radiation), as clear days have the
 *   largest diurnal range;
 * - rh: moves opposite to temperature, multiplicatively, with an amplitude capped so
 *   that no hour exceeds 100 % or drops below 0;
 * - Qsw: proportional to sin(solar elevation) at each hour's midpoint, zero while the sun
 *   is below the horizon, scaled to the daily mean;
 * - R: one event per wet day, its start and length (longer for larger totals) drawn
 *   from `rng`, with a triangular profile, scaled to the daily sum.
 */
export function disaggregateStation(input: StationDays, rng: Rng, hourly: Float64Array): void {
  const days = input.dayOfYear.length
  const { variables } = input
  const iQsw = variables.indexOf('Qsw')
  const daily = (v: number, t: number): number => input.daily[v * days + t]!
  const weights = new Float64Array(HOURS)
  for (let t = 0; t < days; t++) {
    const doy = input.dayOfYear[t]!
    const clearness =
      iQsw < 0 ? 0.5 : clearnessOf(daily(iQsw, t), dailyExtraterrestrial(input.latitude, doy))
    for (let v = 0; v < variables.length; v++) {
      const value = daily(v, t)
      const out = hourly.subarray((v * days + t) * HOURS, (v * days + t + 1) * HOURS)
      switch (variables[v]) {
        case 'theta': {
          const amplitude = 1.5 + 4.5 * clearness
          for (let h = 0; h < HOURS; h++) out[h] = value + amplitude * DIURNAL[h]!
          break
        }
        case 'rh': {
          const beta = value > 0 ? Math.max(0, Math.min(0.25, 100 / value - 1)) : 0
          for (let h = 0; h < HOURS; h++) out[h] = value * (1 - beta * DIURNAL[h]!)
          break
        }
        case 'Qsw':
          for (let h = 0; h < HOURS; h++) {
            weights[h] = Math.max(0, sinElevation(input.latitude, doy, h + 0.5))
          }
          spread(value * HOURS, weights, out)
          break
        case 'R':
          rainProfile(value, rng, weights)
          spread(value, weights, out)
          break
        default:
          out.fill(value)
      }
    }
  }
}

function clearnessOf(radiation: number, extraterrestrial: number): number {
  if (extraterrestrial <= 0) return 0
  return Math.min(1, Math.max(0, radiation / (0.8 * extraterrestrial)))
}

/** `out[h] = total · w[h] / Σw`; uniform if all weights are zero (e.g. polar night). */
function spread(total: number, weights: Float64Array, out: Float64Array): void {
  let sum = 0
  for (let h = 0; h < HOURS; h++) sum += weights[h]!
  if (sum <= 0) {
    out.fill(total / HOURS)
    return
  }
  for (let h = 0; h < HOURS; h++) out[h] = (total * weights[h]!) / sum
}

/** Triangular weights of one rain event; all zero on a dry day. */
function rainProfile(total: number, rng: Rng, weights: Float64Array): void {
  weights.fill(0)
  if (total <= 0) return
  const longest = Math.min(HOURS, 2 + Math.ceil(total))
  const duration = 1 + Math.floor(rng.nextFloat() * longest)
  const clipped = Math.min(duration, HOURS)
  const start = Math.floor(rng.nextFloat() * (HOURS - clipped + 1))
  for (let i = 0; i < clipped; i++) weights[start + i] = 1 + Math.min(i, clipped - 1 - i)
}
