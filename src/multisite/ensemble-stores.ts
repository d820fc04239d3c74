import { join } from 'node:path'
import { type CodecSpec, createDataset, type DatasetSpec } from '../dataset/index.js'
import { formatIsoDate } from './calendar.js'
import { HOURS } from './disaggregate.js'
import type { SimulatorModel } from './model.js'
import { VARIABLE_ATTRS } from './observations.js'

/** Which store of an ensemble. */
export type EnsembleStoreKind = 'ensemble' | 'ensembleDaily' | 'ensembleTrans'

/** Store directory names, which are also the names of their data variables. */
export const STORE_NAMES: Readonly<Record<EnsembleStoreKind, string>> = {
  ensemble: 'ensemble',
  ensembleDaily: 'ensemble_daily',
  ensembleTrans: 'ensemble_trans',
}

/** Absolute store paths of one ensemble directory. */
export type EnsemblePaths = Readonly<Partial<Record<EnsembleStoreKind, string>>> & {
  readonly ensemble: string
  readonly ensembleTrans: string
}

/** The element type of stored ensembles. */
export type EnsembleDType = 'float32' | 'float64'

/** How an ensemble's stores are laid out. */
export interface EnsembleLayout {
  readonly n: number
  readonly days: number
  readonly disaggregate: boolean
  readonly zarrFormat: 2 | 3
  readonly dtype: EnsembleDType
  readonly codec: CodecSpec
  readonly seed: number
}

/** Paths of the stores of an ensemble in directory `dir`. */
export function ensemblePaths(dir: string, disaggregate: boolean): EnsemblePaths {
  const path = (kind: EnsembleStoreKind): string => join(dir, `${STORE_NAMES[kind]}.zarr`)
  return disaggregate
    ? {
        ensemble: path('ensemble'),
        ensembleDaily: path('ensembleDaily'),
        ensembleTrans: path('ensembleTrans'),
      }
    : { ensemble: path('ensemble'), ensembleTrans: path('ensembleTrans') }
}

/**
 * Creates the empty stores (metadata and coordinates only) and closes them again: the
 * workers open them to write their realizations, and the finished stores are opened
 * afresh once every realization is in.
 */
export async function createEnsembleStores(
  paths: EnsemblePaths,
  model: SimulatorModel,
  layout: EnsembleLayout,
): Promise<void> {
  const kinds = Object.keys(paths) as EnsembleStoreKind[]
  for (const kind of kinds) {
    const hourly = kind === 'ensemble' && layout.disaggregate
    const ds = await createDataset(paths[kind]!, storeSpec(kind, hourly, model, layout))
    await ds.close()
  }
}

function storeSpec(
  kind: EnsembleStoreKind,
  hourly: boolean,
  model: SimulatorModel,
  layout: EnsembleLayout,
): DatasetSpec {
  const steps = hourly ? layout.days * HOURS : layout.days
  const start = formatIsoDate(model.startEpochDay)
  const stations = model.stations.length
  const variables = model.variables.length
  const trans = kind === 'ensembleTrans'
  return {
    zarrFormat: layout.zarrFormat,
    dims: { realization: layout.n, station: stations, variable: variables, time: steps },
    coords: {
      realization: {
        dims: ['realization'],
        values: Float64Array.from({ length: layout.n }, (_, i) => i),
      },
      station: { dims: ['station'], values: model.stations },
      variable: { dims: ['variable'], values: model.variables },
      latitude: { dims: ['station'], values: model.latitude, attrs: { units: 'degrees_north' } },
      longitude: { dims: ['station'], values: model.longitude, attrs: { units: 'degrees_east' } },
      time: {
        dims: ['time'],
        values: Float64Array.from({ length: steps }, (_, t) => t),
        attrs: {
          units: hourly ? `hours since ${start} 00:00:00` : `days since ${start}`,
          calendar: 'proleptic_gregorian',
        },
      },
    },
    variables: {
      [STORE_NAMES[kind]]: {
        dtype: layout.dtype,
        dims: ['realization', 'station', 'variable', 'time'],
        // One chunk per realization: concurrent workers never share a chunk file.
        chunks: [1, stations, variables, steps],
        codec: layout.codec,
        attrs: trans
          ? { long_name: 'simulated weather in standard-normal space', units: '1' }
          : {
              long_name: `simulated ${hourly ? 'hourly' : 'daily'} weather`,
              units_by_variable: Object.fromEntries(
                model.variables.map((v) => [v, VARIABLE_ATTRS[v].units]),
              ),
            },
      },
    },
    attrs: {
      title: `Multisite weather ensemble (${STORE_NAMES[kind]})`,
      source: 'leakguard Multisite: day-of-year marginals + multivariate phase randomization',
      realizations: layout.n,
      seed: layout.seed,
      disaggregated: layout.disaggregate,
      frequency: hourly ? 'hourly' : 'daily',
    },
  }
}
