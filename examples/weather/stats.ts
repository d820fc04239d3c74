import { sampleCorrelation, mean as sampleMean } from 'simple-statistics'

/** Pearson correlation of two equally long series. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return sampleCorrelation(Array.from(a), Array.from(b))
}

/** Arithmetic mean. */
export function mean(values: ArrayLike<number>): number {
  return sampleMean(Array.from(values))
}

/** One station's series of one variable from observations laid out `(time, station, variable)`. */
export function observedSeries(
  data: Float64Array,
  shape: readonly [number, number, number],
  station: number,
  variable: number,
): Float64Array {
  const [time, stations, variables] = shape
  const out = new Float64Array(time)
  for (let t = 0; t < time; t++) out[t] = data[(t * stations + station) * variables + variable] ?? 0
  return out
}
