import { dayOfYear, parseIsoDate } from './calendar.js'
import { MultisiteOptionError } from './errors.js'
import { Rng } from './prng.js'
import { dailyExtraterrestrial } from './solar.js'

/** The weather variables the simulator knows, in the order examples use. */
export const VARIABLES = ['theta', 'R', 'rh', 'Qsw'] as const

/** One of {@link VARIABLES}. */
export type VariableName = (typeof VARIABLES)[number]

/** CF-style attributes written to stores for each variable. */
export const VARIABLE_ATTRS: Readonly<
  Record<VariableName, { readonly units: string; readonly long_name: string }>
> = {
  theta: { units: 'degC', long_name: 'air temperature' },
  R: { units: 'mm/day', long_name: 'precipitation' },
  rh: { units: '%', long_name: 'relative humidity' },
  Qsw: { units: 'W/m2', long_name: 'shortwave radiation' },
}

/**
 * Daily observations of several stations, dims `(time, station, variable)`.
 * `data` is in C order: `data[(t·stations + s)·variables + v]`.
 */
export interface Observations {
  readonly dims: readonly ['time', 'station', 'variable']
  readonly shape: readonly [time: number, station: number, variable: number]
  readonly data: Float64Array
  readonly stations: readonly string[]
  readonly variables: readonly string[]
  /** Degrees north, one per station. */
  readonly latitude: readonly number[]
  /** Degrees east, one per station. */
  readonly longitude: readonly number[]
  /** The first day, `YYYY-MM-DD`; days are consecutive. */
  readonly startDate: string
}

/** Options of {@link exampleObservations}. */
export interface ExampleObservationsOptions {
  /** Number of stations. @default 3 */
  readonly stations?: number
  /** Number of years of daily data. @default 10 */
  readonly years?: number
  /** Seed; the same seed gives bit-identical data. @default 0 */
  readonly seed?: number
  /** First day. @default '2000-01-01' */
  readonly startDate?: string
}

const STATION_SITES = [
  { name: 'Konstanz', latitude: 47.68, longitude: 9.19, elevation: 0.44 },
  { name: 'Freiburg', latitude: 48.02, longitude: 7.83, elevation: 0.24 },
  { name: 'Stuttgart', latitude: 48.83, longitude: 9.2, elevation: 0.31 },
  { name: 'Ulm', latitude: 48.38, longitude: 9.95, elevation: 0.57 },
  { name: 'Basel', latitude: 47.56, longitude: 7.59, elevation: 0.32 },
  { name: 'Zurich', latitude: 47.38, longitude: 8.54, elevation: 0.56 },
]

/**
 * Deterministic, realistic daily weather for a small network of nearby stations.
 *
 * Shared weather systems drive every station: a cloudiness process and a temperature
 * anomaly, each an AR(1) (lag-1 correlation 0.6 and 0.85) mixed with weaker local AR(1)
 * processes, so stations correlate strongly but not perfectly. Temperature has a
 * seasonal cycle and a lapse rate; precipitation falls (zero-inflated, in 0.1 mm steps)
 * when cloudiness exceeds a seasonal threshold; radiation is the clear-sky value from
 * solar geometry reduced by cloud; humidity rises with cloud and in winter.
 */
export function exampleObservations(options: ExampleObservationsOptions = {}): Observations {
  const stationCount = options.stations ?? 3
  const years = options.years ?? 10
  const seed = options.seed ?? 0
  const startDate = options.startDate ?? '2000-01-01'
  if (!Number.isInteger(stationCount) || stationCount < 1) {
    throw new MultisiteOptionError('stations', 'an integer ≥ 1', stationCount)
  }
  if (!Number.isFinite(years) || years <= 0) {
    throw new MultisiteOptionError('years', 'a number of years > 0', years)
  }
  const start = parseIsoDate(startDate)
  if (start === undefined)
    throw new MultisiteOptionError('startDate', 'a YYYY-MM-DD date', startDate)

  const sites = Array.from({ length: stationCount }, (_, s) => {
    const site = STATION_SITES[s % STATION_SITES.length]!
    const round = Math.floor(s / STATION_SITES.length)
    return round === 0
      ? site
      : {
          ...site,
          name: `${site.name}_${round + 1}`,
          latitude: site.latitude + 0.1 * round,
          longitude: site.longitude + 0.1 * round,
        }
  })
  const days = Math.round(years * 365.25)
  const rng = Rng.from(seed, 0x0b5)
  const weather = new SharedWeather(rng, stationCount)
  const variables = VARIABLES
  const data = new Float64Array(days * stationCount * variables.length)
  for (let t = 0; t < days; t++) {
    const doy = dayOfYear(start + t)
    // −1 in mid January, +1 in mid July.
    const season = -Math.cos((2 * Math.PI * (doy - 15)) / 365.25)
    weather.step()
    for (let s = 0; s < stationCount; s++) {
      const site = sites[s]!
      const cloud = weather.cloud(s)
      const anomaly = weather.anomaly(s)
      const theta = 10 - 6.5 * site.elevation + 9 * season + 3 * anomaly - 1.2 * cloud * season
      const wetThreshold = 0.25 + 0.15 * season
      const excess = cloud - wetThreshold
      const precipitation =
        excess > 0 ? Math.round(10 * (2.5 * excess + 1.5 * -Math.log(1 - rng.nextFloat()))) / 10 : 0
      const transmission = 0.78 - 0.5 / (1 + Math.exp(-1.5 * cloud)) + 0.04 * rng.nextGaussian()
      const qsw =
        0.8 *
        dailyExtraterrestrial(site.latitude, doy) *
        Math.min(0.85, Math.max(0.08, transmission))
      const rh = Math.min(100, Math.max(15, 75 + 8 * cloud - 8 * season + 4 * rng.nextGaussian()))
      const base = (t * stationCount + s) * variables.length
      data[base] = Math.round(theta * 100) / 100
      data[base + 1] = precipitation
      data[base + 2] = Math.round(rh * 10) / 10
      data[base + 3] = Math.round(qsw * 10) / 10
    }
  }
  return {
    dims: ['time', 'station', 'variable'],
    shape: [days, stationCount, variables.length],
    data,
    stations: sites.map((site) => site.name),
    variables: [...variables],
    latitude: sites.map((site) => site.latitude),
    longitude: sites.map((site) => site.longitude),
    startDate,
  }
}

/** Regional and local AR(1) processes with unit variance. */
class SharedWeather {
  readonly #rng: Rng
  #regionalCloud = 0
  #regionalAnomaly = 0
  readonly #localCloud: Float64Array
  readonly #localAnomaly: Float64Array

  constructor(rng: Rng, stations: number) {
    this.#rng = rng
    this.#localCloud = new Float64Array(stations)
    this.#localAnomaly = new Float64Array(stations)
  }

  step(): void {
    this.#regionalCloud = this.#ar1(this.#regionalCloud, 0.6)
    this.#regionalAnomaly = this.#ar1(this.#regionalAnomaly, 0.85)
    for (let s = 0; s < this.#localCloud.length; s++) {
      this.#localCloud[s] = this.#ar1(this.#localCloud[s]!, 0.5)
      this.#localAnomaly[s] = this.#ar1(this.#localAnomaly[s]!, 0.7)
    }
  }

  cloud(s: number): number {
    return 0.85 * this.#regionalCloud + 0.527 * this.#localCloud[s]!
  }

  anomaly(s: number): number {
    return 0.9 * this.#regionalAnomaly + 0.436 * this.#localAnomaly[s]!
  }

  #ar1(previous: number, phi: number): number {
    return phi * previous + Math.sqrt(1 - phi * phi) * this.#rng.nextGaussian()
  }
}
