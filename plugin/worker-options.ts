import type { ResolvedAllowEntry } from './options.js'

/** The part of the resolved options a worker needs, sent with vitest's `provide`. */
export interface WorkerOptions {
  onLeak: 'fail' | 'warn' | 'off'
  outDir: string
  gc: boolean
  memoryLimit: number | null
  allow: ResolvedAllowEntry[]
  settleTurns: number
  root: string
}

/** The `provide` key the options travel under. */
export const WORKER_OPTIONS_KEY = 'leakguard'

declare module 'vitest' {
  interface ProvidedContext {
    /** leakguard's resolved options, for its runner in each worker. */
    leakguard: WorkerOptions
  }
}
