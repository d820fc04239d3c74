import { parseIsoDate } from './calendar.js'
import { InvalidObservationsError } from './errors.js'
import { type Observations, VARIABLES, type VariableName } from './observations.js'

/** Shortest record accepted: two years, so each day-of-year window holds ≥ 62 values. */
export const MIN_DAYS = 730

/** Observations that passed {@link validateObservations}. */
export interface ValidObservations extends Observations {
  readonly variables: readonly VariableName[]
  readonly startEpochDay: number
}

/**
 * Checks everything the fit relies on and names the first problem precisely. NaN gaps
 * are refused rather than infilled: a silent infill would fabricate weather the user
 * never observed, and the caller knows best how to fill their own gaps.
 */
export function validateObservations(obs: Observations): ValidObservations {
  const dims = obs.dims.join(', ')
  if (dims !== 'time, station, variable') {
    throw new InvalidObservationsError(
      'dims-mismatch',
      `Expected observation dims (time, station, variable), got (${dims})`,
    )
  }
  const [days, stations, variables] = obs.shape
  const expected = days * stations * variables
  const mismatches = [
    obs.data.length !== expected && `data has ${obs.data.length} values, shape needs ${expected}`,
    obs.stations.length !== stations && `${obs.stations.length} station names for ${stations}`,
    obs.variables.length !== variables && `${obs.variables.length} variable names for ${variables}`,
    obs.latitude.length !== stations && `${obs.latitude.length} latitudes for ${stations}`,
    obs.longitude.length !== stations && `${obs.longitude.length} longitudes for ${stations}`,
  ].filter((m): m is string => typeof m === 'string')
  if (mismatches.length > 0) {
    throw new InvalidObservationsError(
      'dims-mismatch',
      `Observation shape (time=${days}, station=${stations}, variable=${variables}) does not ` +
        `match: ${mismatches.join('; ')}`,
    )
  }
  for (const name of obs.variables) {
    if (!(VARIABLES as readonly string[]).includes(name)) {
      throw new InvalidObservationsError(
        'unknown-variable',
        `Unknown variable "${name}": expected some of ${VARIABLES.join(', ')}`,
        { variable: name },
      )
    }
  }
  for (const [kind, names] of [
    ['variable', obs.variables],
    ['station', obs.stations],
  ] as const) {
    const seen = new Set<string>()
    for (const name of names) {
      if (seen.has(name)) {
        throw new InvalidObservationsError('duplicate-name', `Duplicate ${kind} name "${name}"`)
      }
      seen.add(name)
    }
  }
  if (days < MIN_DAYS) {
    throw new InvalidObservationsError(
      'too-short',
      `The record is too short: ${days} days, at least ${MIN_DAYS} (two years) are needed ` +
        'to fit day-of-year marginals',
    )
  }
  const startEpochDay = parseIsoDate(obs.startDate)
  if (startEpochDay === undefined) {
    throw new InvalidObservationsError(
      'invalid-start-date',
      `Expected startDate to be a YYYY-MM-DD date, got "${obs.startDate}"`,
    )
  }
  checkValues(obs)
  return { ...obs, variables: obs.variables as readonly VariableName[], startEpochDay }
}

function checkValues(obs: Observations): void {
  const [days, stations, variables] = obs.shape
  let missing = 0
  let firstMissing = -1
  for (let i = 0; i < obs.data.length; i++) {
    const x = obs.data[i]!
    if (Number.isNaN(x)) {
      missing++
      if (firstMissing < 0) firstMissing = i
      continue
    }
    if (Number.isFinite(x) && !(x < 0 && obs.variables[i % variables] === 'R')) continue
    const where = locate(obs, i, stations, variables)
    if (!Number.isFinite(x)) {
      throw new InvalidObservationsError(
        'non-finite',
        `Non-finite value ${x} at time index ${where.timeIndex}, station "${where.station}", ` +
          `variable "${where.variable}"`,
        where,
      )
    }
    throw new InvalidObservationsError(
      'negative-precipitation',
      `Negative precipitation ${x} at time index ${where.timeIndex}, station "${where.station}"`,
      where,
    )
  }
  if (missing > 0) {
    const where = locate(obs, firstMissing, stations, variables)
    throw new InvalidObservationsError(
      'missing-values',
      `${missing} missing (NaN) value(s) of ${days * stations * variables}; the first at time ` +
        `index ${where.timeIndex}, station "${where.station}", variable "${where.variable}". ` +
        'Multisite does not infill gaps: fill or drop them before fitting.',
      where,
    )
  }
}

function locate(
  obs: Observations,
  i: number,
  stations: number,
  variables: number,
): { timeIndex: number; station: string; variable: string } {
  return {
    timeIndex: Math.floor(i / (stations * variables)),
    station: obs.stations[Math.floor(i / variables) % stations]!,
    variable: obs.variables[i % variables]!,
  }
}
