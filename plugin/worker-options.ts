import type { ResolvedAllowEntry } from './options.js'
import type { RetainedPlan } from './retained-plan.js'

/** The part of the resolved options a worker needs, sent with vitest's `provide`. */
export interface WorkerOptions {
  onLeak: 'fail' | 'warn' | 'off'
  outDir: string
  gc: boolean | 'auto'
  /** With `gc: 'auto'`: when a test's figure is a bound, and which tests start with a GC. */
  retained?: RetainedPlan
  memoryLimit: number | null
  allow: ResolvedAllowEntry[]
  settleTurns: number
  root: string
  /** The automatic handle kinds to install before the first file is collected. */
  track: string[]
  /**
   * Which tests the runner takes a heap diff around: every test, none, or those whose
   * `loggedTestKey` (src/report/test-key.ts) is listed (a rerun after a retained-memory failure). Keys are
   * file and full name rather than vitest ids: readable in the env var that carries them,
   * and unchanged when a rerun collects fewer files.
   */
  heapDiffTests: readonly string[] | 'all' | 'none'
}

/** The `provide` key the options travel under. */
export const WORKER_OPTIONS_KEY = 'leakguard'

declare module 'vitest' {
  interface ProvidedContext {
    /** leakguard's resolved options, for its runner in each worker. */
    leakguard: WorkerOptions
  }
}
