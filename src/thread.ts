import { createRequire } from 'node:module'

type WorkerThreads = typeof import('node:worker_threads')

/** What Node lists for the public `worker_threads` module once anything has loaded it. */
const LOADED_ENTRY = 'NativeModule worker_threads'

/**
 * Whether `node:worker_threads` has been loaded in this thread, by anyone, without loading
 * it. Why not just import it: a vitest forks worker never loads it, and compiling it costs
 * ~0.7–0.9 ms CPU in every test file's fresh worker (issue 15). Node loads it itself in
 * every worker thread before user code runs, so "not loaded" means "main thread".
 * `process.moduleLoadList` is long-standing but undocumented: without it, this says
 * "loaded", and callers take the module, which is always correct, only slower.
 */
export function workerThreadsLoaded(): boolean {
  const list = (process as { moduleLoadList?: unknown }).moduleLoadList
  return !Array.isArray(list) || list.includes(LOADED_ENTRY)
}

/** The `worker_threads` module, when {@link workerThreadsLoaded} (else it is loaded now). */
export function workerThreads(): WorkerThreads {
  loaded ??= createRequire(import.meta.url)('node:worker_threads') as WorkerThreads
  return loaded
}
let loaded: WorkerThreads | undefined

/** This thread's id, as `worker_threads.threadId`: 0 on the main thread. */
export function currentThreadId(): number {
  return workerThreadsLoaded() ? workerThreads().threadId : 0
}

/** As `worker_threads.isMainThread`. */
export function onMainThread(): boolean {
  return workerThreadsLoaded() ? workerThreads().isMainThread : true
}
