/**
 * The multisite weather-ensemble simulator: day-of-year marginals plus multivariate
 * phase randomization (a TypeScript reimplementation of weathercop's core), with
 * ensembles written to Zarr by worker threads.
 */

export { INCOMPLETE_SUFFIX } from './ensemble-runner.js'
export { type EnsembleDType, STORE_NAMES } from './ensemble-stores.js'
export {
  InvalidObservationsError,
  isMultisiteError,
  MultisiteClosedError,
  MultisiteCloseError,
  MultisiteError,
  type MultisiteErrorByTag,
  type MultisiteErrorTag,
  MultisiteOptionError,
  NotFittedError,
  type ObservationProblem,
  RealizationFailedError,
  WorkerNotBuiltError,
} from './errors.js'
export type { FitOptions } from './model.js'
export { type EnsembleDatasets, Multisite, type SimulationResult } from './multisite.js'
export {
  type ExampleObservationsOptions,
  exampleObservations,
  type Observations,
  VARIABLE_ATTRS,
  VARIABLES as WEATHER_VARIABLES,
  type VariableName,
} from './observations.js'
export { OBSERVATIONS_VARIABLE, readObservations, writeObservations } from './observations-store.js'
export type { EnsembleOptions, MultisiteOptions, SimulateOptions } from './options.js'
export { MIN_DAYS } from './validate.js'
