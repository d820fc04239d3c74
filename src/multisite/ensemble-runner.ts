import { existsSync } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import Tinypool from 'tinypool'
import {
  createEnsembleStores,
  type EnsembleLayout,
  type EnsemblePaths,
  ensemblePaths,
} from './ensemble-stores.js'
import { MultisiteOptionError, RealizationFailedError } from './errors.js'
import type { SimulatorModel } from './model.js'
import type { RealizationTask } from './realization-task.js'
import type { RealizationWorkerData } from './realization-worker.js'
import { resolveWorkerFile } from './worker-path.js'

/** Where and how to run an ensemble. */
export interface EnsembleRun extends EnsembleLayout {
  readonly root: string
  readonly name: string
  readonly workers: number
  readonly failRealization: number | undefined
}

/** Suffix of the directory an ensemble is written into before it is complete. */
export const INCOMPLETE_SUFFIX = '.incomplete'

/**
 * Writes an ensemble with a pool of worker threads and returns its store paths.
 *
 * The stores are written under `root/<name>.incomplete` and renamed to `root/<name>`
 * only when every realization is in, so a store under the final name is always
 * complete, and one left by a crashed process says so in its name. If a realization
 * fails, no new ones start, the ones running finish, the pool is destroyed, the
 * directory is removed and a {@link RealizationFailedError} names the realization.
 *
 * Realizations are handed out one per free worker (at most `workers` in flight), so
 * the queue never holds the whole ensemble's tasks.
 */
export async function runEnsemble(
  sharedModel: SimulatorModel,
  run: EnsembleRun,
): Promise<EnsemblePaths> {
  const finalDir = join(run.root, run.name)
  if (existsSync(finalDir)) {
    throw new MultisiteOptionError('name', `a new ensemble name (${finalDir} exists)`, run.name)
  }
  const filename = resolveWorkerFile()
  const staging = `${finalDir}${INCOMPLETE_SUFFIX}`
  // A leftover from a crashed run of the same name: by its suffix it is ours to replace.
  await rm(staging, { recursive: true, force: true })
  await mkdir(staging, { recursive: true })
  let failure: { index: number; error: unknown } | undefined
  const pool = new Tinypool({
    filename,
    minThreads: run.workers,
    maxThreads: run.workers,
    workerData: { model: sharedModel } satisfies RealizationWorkerData,
  })
  try {
    const paths = ensemblePaths(staging, run.disaggregate)
    await createEnsembleStores(paths, sharedModel, run)
    let next = 0
    const lane = async (): Promise<void> => {
      while (failure === undefined && next < run.n) {
        const index = next++
        const task: RealizationTask = {
          index,
          seed: run.seed,
          days: run.days,
          disaggregate: run.disaggregate,
          dtype: run.dtype,
          paths,
          failRealization: run.failRealization,
        }
        try {
          await pool.run(task)
        } catch (error) {
          failure ??= { index, error }
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(run.workers, run.n) }, lane))
  } catch (error) {
    failure ??= { index: -1, error }
  } finally {
    await pool.destroy()
  }
  if (failure !== undefined) {
    await rm(staging, { recursive: true, force: true })
    if (failure.index < 0) throw failure.error
    throw new RealizationFailedError(failure.index, staging, failure.error)
  }
  await rename(staging, finalDir)
  return ensemblePaths(finalDir, run.disaggregate)
}
