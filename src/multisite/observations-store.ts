import { createDataset, type Dataset } from '../dataset/index.js'
import { formatIsoDate, parseIsoDate } from './calendar.js'
import { InvalidObservationsError } from './errors.js'
import type { Observations } from './observations.js'

/** Name of the data variable holding observations in a store. */
export const OBSERVATIONS_VARIABLE = 'observations'

/**
 * Writes observations to a new Zarr store with xarray's layout: one data variable
 * `observations` with dims `(time, station, variable)`, string coordinates `station` and
 * `variable`, `latitude`/`longitude` along `station`, and a CF `time` coordinate.
 *
 * @returns the open dataset; the caller closes it
 */
export async function writeObservations(
  path: string,
  obs: Observations,
  options: { zarrFormat?: 2 | 3 } = {},
): Promise<Dataset> {
  const [days, stations, variables] = obs.shape
  const ds = await createDataset(path, {
    zarrFormat: options.zarrFormat ?? 3,
    dims: { time: days, station: stations, variable: variables },
    coords: {
      time: {
        dims: ['time'],
        values: Float64Array.from({ length: days }, (_, t) => t),
        attrs: { units: `days since ${obs.startDate}`, calendar: 'proleptic_gregorian' },
      },
      station: { dims: ['station'], values: obs.stations },
      variable: { dims: ['variable'], values: obs.variables },
      latitude: { dims: ['station'], values: obs.latitude, attrs: { units: 'degrees_north' } },
      longitude: { dims: ['station'], values: obs.longitude, attrs: { units: 'degrees_east' } },
    },
    variables: {
      [OBSERVATIONS_VARIABLE]: {
        dtype: 'float64',
        dims: ['time', 'station', 'variable'],
        chunks: [days, stations, variables],
      },
    },
    attrs: { title: 'daily weather observations' },
  })
  await ds.write(OBSERVATIONS_VARIABLE, obs.data)
  return ds
}

/**
 * Reads observations from an open dataset laid out like {@link writeObservations}'s.
 * The dataset stays open: it belongs to the caller.
 */
export async function readObservations(ds: Dataset): Promise<Observations> {
  const info = ds.variables[OBSERVATIONS_VARIABLE]
  const dims = info?.dims.join(', ')
  if (!info || dims !== 'time, station, variable') {
    throw new InvalidObservationsError(
      'dims-mismatch',
      `Expected ${ds.path} to hold a variable "${OBSERVATIONS_VARIABLE}" with dims ` +
        `(time, station, variable), got ${info ? `(${dims})` : 'none'}`,
    )
  }
  for (const coord of ['time', 'station', 'variable', 'latitude', 'longitude']) {
    if (!(coord in ds.coords)) {
      throw new InvalidObservationsError(
        'dims-mismatch',
        `Expected ${ds.path} to have a coordinate "${coord}"`,
      )
    }
  }
  const [stations, variables, time, latitude, longitude, values] = await Promise.all([
    ds.coordValues('station'),
    ds.coordValues('variable'),
    ds.coordValues('time'),
    ds.coordValues('latitude'),
    ds.coordValues('longitude'),
    ds.read(OBSERVATIONS_VARIABLE),
  ])
  return {
    dims: ['time', 'station', 'variable'],
    shape: [info.shape[0]!, info.shape[1]!, info.shape[2]!],
    data: Float64Array.from(values.data),
    stations: stations.map(String),
    variables: variables.map(String),
    latitude: latitude.map(Number),
    longitude: longitude.map(Number),
    startDate: startDateOf(ds, time.map(Number)),
  }
}

/** The first day from a CF `days since YYYY-MM-DD` time axis of consecutive days. */
function startDateOf(ds: Dataset, time: number[]): string {
  const units = String(ds.coords.time?.attrs.units ?? '')
  const match = /^days since (\d{4}-\d{2}-\d{2})/.exec(units)
  const origin = match ? parseIsoDate(match[1]!) : undefined
  if (origin === undefined) {
    throw new InvalidObservationsError(
      'invalid-start-date',
      `Expected the time units of ${ds.path} to be "days since YYYY-MM-DD", got "${units}"`,
    )
  }
  for (let t = 1; t < time.length; t++) {
    if (time[t]! - time[t - 1]! !== 1) {
      throw new InvalidObservationsError(
        'dims-mismatch',
        `Expected consecutive daily time steps in ${ds.path}; step ${t} goes from ` +
          `${time[t - 1]} to ${time[t]}`,
        { timeIndex: t },
      )
    }
  }
  return formatIsoDate(origin + (time[0] ?? 0))
}
