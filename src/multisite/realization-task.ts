import { openDataset } from '../dataset/index.js'
import { disaggregateStation, HOURS } from './disaggregate.js'
import type { EnsembleDType, EnsemblePaths, EnsembleStoreKind } from './ensemble-stores.js'
import { STORE_NAMES } from './ensemble-stores.js'
import type { SimulatorModel } from './model.js'
import { RealizationSimulator } from './realization.js'

/** One unit of ensemble work: simulate realization `index` and write it. */
export interface RealizationTask {
  readonly index: number
  readonly seed: number
  readonly days: number
  readonly disaggregate: boolean
  readonly dtype: EnsembleDType
  readonly paths: EnsemblePaths
  /** Test hook: when equal to `index`, the task throws after simulating. */
  readonly failRealization: number | undefined
}

/** What a finished task reports back (small: the data went to disk). */
export interface RealizationReport {
  readonly index: number
  readonly threadId: number
}

type Output = Float32Array | Float64Array

/**
 * The buffers of one task shape, allocated once and reused for every realization the
 * worker runs. Fresh buffers per realization made peak RSS grow with n (V8 collects
 * lazily); reused ones keep it flat.
 */
class Workspace {
  readonly simulator: RealizationSimulator
  readonly daily: Output
  readonly trans: Output
  readonly hourly: Output | undefined
  readonly stationHourly: Float64Array | undefined

  constructor(model: SimulatorModel, task: RealizationTask) {
    this.simulator = new RealizationSimulator(model, task.days)
    const size = model.stations.length * model.variables.length * task.days
    const make = (length: number): Output =>
      task.dtype === 'float32' ? new Float32Array(length) : new Float64Array(length)
    this.daily = make(size)
    this.trans = make(size)
    this.hourly = task.disaggregate ? make(size * HOURS) : undefined
    this.stationHourly = task.disaggregate
      ? new Float64Array(model.variables.length * task.days * HOURS)
      : undefined
  }
}

const workspaces = new Map<string, Workspace>()

function workspaceFor(model: SimulatorModel, task: RealizationTask): Workspace {
  const key = `${task.days}/${task.disaggregate}/${task.dtype}`
  let workspace = workspaces.get(key)
  if (!workspace) {
    // One shape per ensemble in practice; drop others so a long-lived worker stays small.
    workspaces.clear()
    workspace = new Workspace(model, task)
    workspaces.set(key, workspace)
  }
  return workspace
}

/**
 * Simulates realization `task.index` (seeded from `task.seed` and the index only, so the
 * result does not depend on the worker) and writes it into the ensemble stores, each
 * opened for this write and closed before returning, even when the write fails.
 */
export async function runRealization(
  model: SimulatorModel,
  task: RealizationTask,
  threadId: number,
): Promise<RealizationReport> {
  const work = workspaceFor(model, task)
  const result = work.simulator.run(task.seed, task.index)
  work.daily.set(result.simSea)
  work.trans.set(result.simTrans)
  if (work.hourly && work.stationHourly) {
    const variables = model.variables.length
    const perStation = variables * task.days
    for (let st = 0; st < model.stations.length; st++) {
      disaggregateStation(
        {
          variables: model.variables,
          latitude: model.latitude[st]!,
          dayOfYear: work.simulator.dayOfYear,
          daily: result.simSea.subarray(st * perStation, (st + 1) * perStation),
        },
        result.rng,
        work.stationHourly,
      )
      work.hourly.set(work.stationHourly, st * perStation * HOURS)
    }
  }
  if (task.failRealization === task.index) {
    throw new Error(`injected failure in realization ${task.index} (testOnlyFailRealization)`)
  }
  const writes: [EnsembleStoreKind, Output][] = [
    ['ensemble', work.hourly ?? work.daily],
    ['ensembleTrans', work.trans],
  ]
  if (task.paths.ensembleDaily) writes.push(['ensembleDaily', work.daily])
  for (const [kind, data] of writes) {
    const ds = await openDataset(task.paths[kind]!, { cacheBytes: 0 })
    try {
      await ds.write(STORE_NAMES[kind], data, {
        realization: { start: task.index, stop: task.index + 1 },
      })
    } finally {
      await ds.close()
    }
  }
  return { index: task.index, threadId }
}
