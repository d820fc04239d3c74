/**
 * The tinypool worker entry. It must be compiled JavaScript (worker threads on Node 20
 * do not apply `--import` loaders), so Multisite always loads the built
 * `dist/src/multisite/realization-worker.js`.
 *
 * The model arrives once per pool as `workerData`, in SharedArrayBuffers: every worker
 * reads the same memory, and tasks carry only an index, a seed and paths.
 */
import { threadId } from 'node:worker_threads'
import Tinypool from 'tinypool'
import type { SimulatorModel } from './model.js'
import { type RealizationReport, type RealizationTask, runRealization } from './realization-task.js'

/** What Multisite passes as tinypool `workerData`. */
export interface RealizationWorkerData {
  readonly model: SimulatorModel
}

/** Runs one realization task in this worker. */
export default function realizationWorker(task: RealizationTask): Promise<RealizationReport> {
  const data = Tinypool.workerData as RealizationWorkerData
  return runRealization(data.model, task, threadId)
}
