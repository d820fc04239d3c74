import { dayOfYearSeries } from './calendar.js'
import { dryDayUniforms } from './dry-days.js'
import {
  allocateMarginals,
  fitMarginal,
  type MarginalOptions,
  type MarginalTables,
  toNormal,
} from './marginals.js'
import type { Observations, VariableName } from './observations.js'
import { PhaseRandomizer } from './phase-randomization.js'
import { Rng } from './prng.js'
import { validateObservations } from './validate.js'

/** Options of the fit. */
export interface FitOptions extends Partial<MarginalOptions> {
  /** Values below this (mm/day) count as dry days of `R`. @default 0.1 */
  readonly dryThreshold?: number
}

/**
 * Everything a realization needs, as typed arrays plus a few names: small enough to send
 * to every worker once, and backed by SharedArrayBuffers after {@link shareModel}, so the
 * workers read one copy instead of one each. Series `i` is station `⌊i/V⌋`, variable
 * `i mod V`.
 */
export interface SimulatorModel {
  readonly stations: readonly string[]
  readonly variables: readonly VariableName[]
  readonly latitude: Float64Array
  readonly longitude: Float64Array
  /** Days since 1970-01-01 of the first observed (and simulated) day. */
  readonly startEpochDay: number
  /** Length of the observed record: one phase-randomization block. */
  readonly blockSize: number
  readonly marginals: MarginalTables
  /** Half spectra of `dataTrans`, see {@link PhaseRandomizer}. */
  readonly spectra: Float64Array
}

/** A fitted model plus the transformed observations (which workers do not need). */
export interface FittedModel {
  readonly model: SimulatorModel
  /** Observations in standard-normal space, dims `(station, variable, time)`, C order. */
  readonly dataTrans: Float64Array
}

/** Seed of the per-day uniforms that place dry days in normal space (fit-only). */
const DRY_PLACEMENT_SEED = 0x5eed_d7

/** Validates `obs`, fits day-of-year marginals, transforms to normal space, and FFTs. */
export function fitModel(obs: Observations, options: FitOptions = {}): FittedModel {
  const valid = validateObservations(obs)
  const [days, stationCount, variableCount] = valid.shape
  const marginalOptions: MarginalOptions = {
    windowHalfWidth: options.windowHalfWidth ?? 15,
    knots: options.knots ?? 101,
  }
  const dryThreshold = options.dryThreshold ?? 0.1
  const seriesCount = stationCount * variableCount
  const doy = dayOfYearSeries(valid.startEpochDay, days)
  const marginals = allocateMarginals(seriesCount, marginalOptions.knots)
  // One tie-break per day shared by all stations: see dryDayUniforms.
  const placement = Rng.from(DRY_PLACEMENT_SEED)
  const tieBreak = Float64Array.from({ length: days }, () => placement.nextFloat())

  const dataTrans = new Float64Array(seriesCount * days)
  const column = new Float64Array(days)
  for (let station = 0; station < stationCount; station++) {
    for (let v = 0; v < variableCount; v++) {
      const s = station * variableCount + v
      for (let t = 0; t < days; t++) {
        column[t] = valid.data[(t * stationCount + station) * variableCount + v]!
      }
      const isPrecipitation = valid.variables[v] === 'R'
      fitMarginal(
        marginals,
        s,
        column,
        doy,
        marginalOptions,
        isPrecipitation ? dryThreshold : undefined,
      )
      const dryUniform = isPrecipitation
        ? dryDayUniforms(column, dryThreshold, tieBreak)
        : undefined
      for (let t = 0; t < days; t++) {
        const u = dryUniform?.[t] ?? 0.5
        dataTrans[s * days + t] = toNormal(marginals, s, column[t]!, doy[t]!, u)
      }
    }
  }
  return {
    model: {
      stations: [...valid.stations],
      variables: [...valid.variables],
      latitude: Float64Array.from(valid.latitude),
      longitude: Float64Array.from(valid.longitude),
      startEpochDay: valid.startEpochDay,
      blockSize: days,
      marginals,
      spectra: PhaseRandomizer.spectra(dataTrans, days),
    },
    dataTrans,
  }
}

/**
 * A copy of `model` whose arrays live in SharedArrayBuffers. Passed as tinypool
 * `workerData`, it is shared by every worker thread instead of cloned into each.
 */
export function shareModel(model: SimulatorModel): SimulatorModel {
  const m = model.marginals
  return {
    ...model,
    latitude: shared(model.latitude),
    longitude: shared(model.longitude),
    spectra: shared(model.spectra),
    marginals: {
      seriesCount: m.seriesCount,
      knots: m.knots,
      values: shared(m.values),
      pLow: shared(m.pLow),
      pHigh: shared(m.pHigh),
      pDry: shared(m.pDry),
      dryThreshold: shared(m.dryThreshold),
    },
  }
}

function shared(array: Float64Array): Float64Array {
  const copy = new Float64Array(new SharedArrayBuffer(array.byteLength))
  copy.set(array)
  return copy
}
