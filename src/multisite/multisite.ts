import { Dataset, openDataset } from '../dataset/index.js'
import { supportAsyncDisposeEverywhere } from '../handles/async-dispose.js'
import { formatIsoDate } from './calendar.js'
import { runEnsemble } from './ensemble-runner.js'
import type { EnsemblePaths } from './ensemble-stores.js'
import { MultisiteClosedError, MultisiteCloseError, NotFittedError } from './errors.js'
import { halfSpectrumBins } from './fft.js'
import { type FittedModel, fitModel, type SimulatorModel, shareModel } from './model.js'
import type { Observations, VariableName } from './observations.js'
import { readObservations } from './observations-store.js'
import {
  type EnsembleOptions,
  type MultisiteOptions,
  resolveEnsembleOptions,
  resolveSimulateOptions,
  type SimulateOptions,
} from './options.js'
import { RealizationSimulator } from './realization.js'

/** One simulated realization, in memory. Arrays have dims `(station, variable, time)`. */
export interface SimulationResult {
  readonly dims: readonly ['station', 'variable', 'time']
  readonly shape: readonly [station: number, variable: number, time: number]
  readonly stations: readonly string[]
  readonly variables: readonly VariableName[]
  /** First simulated day, `YYYY-MM-DD`. */
  readonly startDate: string
  /** Physical units. */
  readonly simSea: Float64Array
  /** Standard-normal space. */
  readonly simTrans: Float64Array
  /** Phases of each block (one block per record length), each `⌊N/2⌋ + 1` long. */
  readonly phases: readonly Float64Array[]
  /** The time series of one station's variable (a view into `simSea` or `simTrans`). */
  series(station: string, variable: VariableName, space?: 'sea' | 'trans'): Float64Array
}

/** The datasets of the last ensemble. */
export interface EnsembleDatasets {
  readonly ensemble: Dataset
  readonly ensembleDaily: Dataset
  readonly ensembleTrans: Dataset
}

/**
 * A multisite weather generator in the manner of weathercop: day-of-year marginals per
 * station and variable map the observations to standard-normal space, multivariate
 * phase randomization makes new series with the same auto- and cross-correlations, and
 * the marginals map them back to physical units.
 *
 * It owns the ensemble datasets it opens and closes them in {@link close}, each distinct
 * dataset exactly once: without disaggregation `ensembleDaily` IS `ensemble`. An input
 * `Dataset` of observations belongs to the caller and is never closed here.
 *
 * @example
 * await using ms = new Multisite(exampleObservations({ stations: 3, years: 10 }))
 * await ms.simulateEnsemble(20, { root: '/tmp/runs', workers: 2, seed: 1 })
 * const first = await ms.ensemble!.read('ensemble', { realization: 0 })
 */
export class Multisite implements AsyncDisposable {
  readonly #source: Observations | Dataset
  readonly #options: MultisiteOptions
  #fitted: FittedModel | undefined
  #observations: Observations | undefined
  #fitting: Promise<FittedModel> | undefined
  #shared: SimulatorModel | undefined
  #datasets: EnsembleDatasets | undefined
  #running: Promise<unknown> | undefined
  #closed = false

  /**
   * Fits at once for in-memory observations (so bad input throws here), or on first use
   * (`fit()`, `simulate()`, `simulateEnsemble()`) for an open `Dataset`.
   *
   * @throws InvalidObservationsError for in-memory observations that cannot be fitted
   */
  constructor(observations: Observations | Dataset, options: MultisiteOptions = {}) {
    this.#source = observations
    this.#options = options
    if (!(observations instanceof Dataset)) {
      this.#observations = observations
      this.#fitted = fitModel(observations, options)
    }
  }

  /** Fits the model if that has not happened yet (reading a `Dataset` source). */
  async fit(): Promise<this> {
    await this.#model('fit')
    return this
  }

  /** True after {@link close}. */
  get closed(): boolean {
    return this.#closed
  }

  /** The observations, as fitted. @throws NotFittedError before `fit()` for a Dataset source */
  get observations(): Observations {
    if (!this.#observations) throw new NotFittedError('observations')
    return this.#observations
  }

  /**
   * The observations in standard-normal space, dims `(station, variable, time)`.
   *
   * @throws NotFittedError before `fit()` for a Dataset source
   */
  get dataTrans(): Float64Array {
    if (this.#closed) throw new MultisiteClosedError('read dataTrans')
    if (!this.#fitted) throw new NotFittedError('dataTrans')
    return this.#fitted.dataTrans
  }

  /** Physical ensemble, dims `(realization, station, variable, time)`; hourly if disaggregated. */
  get ensemble(): Dataset | undefined {
    return this.#datasets?.ensemble
  }

  /** Daily physical ensemble: the same object as {@link ensemble} when not disaggregated. */
  get ensembleDaily(): Dataset | undefined {
    return this.#datasets?.ensembleDaily
  }

  /** The ensemble in standard-normal space, daily. */
  get ensembleTrans(): Dataset | undefined {
    return this.#datasets?.ensembleTrans
  }

  /**
   * Simulates one realization in memory. With the same seed it equals realization 0 of
   * `simulateEnsemble`.
   *
   * @throws MultisiteClosedError, MultisiteOptionError
   */
  async simulate(options: SimulateOptions = {}): Promise<SimulationResult> {
    const { model } = await this.#model('simulate')
    const { seed, days } = resolveSimulateOptions(options, model.blockSize)
    const simulator = new RealizationSimulator(model, days)
    const run = simulator.run(seed, 0)
    const bins = halfSpectrumBins(model.blockSize)
    // The simulator is not reused here, so its buffers can be handed out without copies.
    const phases = Array.from({ length: simulator.blocks }, (_, b) =>
      run.phases.subarray(b * bins, (b + 1) * bins),
    )
    const { stations, variables } = model
    return {
      dims: ['station', 'variable', 'time'],
      shape: [stations.length, variables.length, days],
      stations,
      variables,
      startDate: formatIsoDate(model.startEpochDay),
      simSea: run.simSea,
      simTrans: run.simTrans,
      phases,
      series(station, variable, space = 'sea') {
        if (!stations.includes(station) || !variables.includes(variable)) {
          throw new RangeError(`No series for station "${station}", variable "${variable}"`)
        }
        const s = stations.indexOf(station) * variables.length + variables.indexOf(variable)
        const data = space === 'sea' ? run.simSea : run.simTrans
        return data.subarray(s * days, (s + 1) * days)
      },
    }
  }

  /**
   * Simulates `n` realizations on worker threads, writes them to Zarr stores under
   * `root/name` as they are produced, and opens the finished stores as
   * {@link ensemble}, {@link ensembleDaily} and {@link ensembleTrans}. Datasets of a
   * previous ensemble of this Multisite are closed first.
   *
   * @throws MultisiteOptionError, MultisiteClosedError, WorkerNotBuiltError,
   *   RealizationFailedError (the partial ensemble is removed), MultisiteCloseError
   */
  async simulateEnsemble(n: number, options: EnsembleOptions = {}): Promise<EnsembleDatasets> {
    const { model } = await this.#model('simulate an ensemble')
    const root = options.root ?? this.#options.root
    const resolved = resolveEnsembleOptions(
      n,
      root === undefined ? options : { ...options, root },
      model.blockSize,
    )
    await this.#closeDatasets()
    this.#datasets = undefined
    this.#shared ??= shareModel(model)
    const running = runEnsemble(this.#shared, { ...resolved })
    this.#running = running
    let paths: EnsemblePaths
    try {
      paths = await running
    } finally {
      this.#running = undefined
    }
    const datasets = await openEnsemble(paths)
    if (this.#closed) {
      // close() ran while we were simulating: these were never handed out, close them.
      await closeEach(datasets)
      throw new MultisiteClosedError('simulate an ensemble')
    }
    this.#datasets = datasets
    return datasets
  }

  /**
   * Closes every distinct ensemble dataset once (by identity, so the aliased
   * `ensembleDaily` is not closed twice). Every dataset is attempted; failures are
   * collected and thrown together as a {@link MultisiteCloseError}. Idempotent: later
   * calls do nothing. Waits for a running `simulateEnsemble` to settle first.
   */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    // Its outcome belongs to the simulateEnsemble caller; we only wait for it to settle.
    if (this.#running) await Promise.allSettled([this.#running])
    try {
      await this.#closeDatasets()
    } finally {
      // Release the fitted model and its shared worker buffers too: test runners keep
      // fixture values (and so this object) reachable until the run ends, and a closed
      // Multisite must not keep megabytes alive per test.
      this.#shared = undefined
      this.#fitted = undefined
    }
  }

  /** `await using ms = new Multisite(…)` closes it. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close()
  }

  /** Closes the current ensemble's datasets; the getters keep returning them, closed. */
  async #closeDatasets(): Promise<void> {
    if (this.#datasets) await closeEach(this.#datasets)
  }

  async #model(operation: string): Promise<FittedModel> {
    if (this.#closed) throw new MultisiteClosedError(operation)
    if (this.#fitted) return this.#fitted
    const source = this.#source as Dataset
    this.#fitting ??= readObservations(source).then((obs) => {
      const fitted = fitModel(obs, this.#options)
      this.#observations = obs
      this.#fitted = fitted
      return fitted
    })
    try {
      return await this.#fitting
    } catch (error) {
      this.#fitting = undefined
      throw error
    }
  }
}

supportAsyncDisposeEverywhere(Multisite.prototype)

async function openEnsemble(paths: EnsemblePaths): Promise<EnsembleDatasets> {
  const opened: Dataset[] = []
  try {
    const ensemble = await openDataset(paths.ensemble)
    opened.push(ensemble)
    const ensembleTrans = await openDataset(paths.ensembleTrans)
    opened.push(ensembleTrans)
    const ensembleDaily = paths.ensembleDaily ? await openDataset(paths.ensembleDaily) : ensemble
    return { ensemble, ensembleDaily, ensembleTrans }
  } catch (error) {
    const closing = await Promise.allSettled(opened.map((ds) => ds.close()))
    const closeErrors = closing.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))
    if (closeErrors.length > 0) {
      throw new AggregateError([error, ...closeErrors], 'opening the ensemble failed, then closing')
    }
    throw error
  }
}

/** Closes each distinct dataset once; throws every failure together. */
async function closeEach(datasets: EnsembleDatasets): Promise<void> {
  const distinct = new Set<Dataset>([
    datasets.ensemble,
    datasets.ensembleDaily,
    datasets.ensembleTrans,
  ])
  const failures: { path: string; error: unknown }[] = []
  for (const ds of distinct) {
    try {
      await ds.close()
    } catch (error) {
      failures.push({ path: ds.path, error })
    }
  }
  if (failures.length > 0) throw new MultisiteCloseError(failures)
}
