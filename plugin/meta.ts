import type { LeakEntry, TestHeapDiff, TestMemory, TestStatus } from '../src/report/model.js'

/** What the worker tells the reporter about one test, through `task.meta.leakguard`. */
export interface LeakguardTestMeta {
  /** Bumped on any incompatible change, so a reporter never misreads an older worker. */
  v: 1
  type: 'test'
  status: TestStatus
  leaks: LeakEntry[]
  /** `null` when the test did not run its body (figures would be meaningless). */
  memory: TestMemory | null
  notes: string[]
  /** The worker process that ran the test. */
  pid: number
  /** Set when the runner took a heap diff around the test (option `heapDiff`). */
  heapDiff?: TestHeapDiff
}

/** What the worker tells the reporter about a suite or file that leaked. */
export interface LeakguardScopeMeta {
  v: 1
  type: 'scope'
  scope: 'suite' | 'file'
  leaks: LeakEntry[]
  notes: string[]
}

/** Either kind of meta. */
export type LeakguardMeta = LeakguardTestMeta | LeakguardScopeMeta

declare module 'vitest' {
  interface TaskMeta {
    /** Written by the leakguard runner in the worker, read by its reporter. */
    leakguard?: LeakguardMeta
  }
}

/** Narrows unknown meta to leakguard's current version, or `undefined`. */
export function readLeakguardMeta(meta: { leakguard?: unknown }): LeakguardMeta | undefined {
  const value = meta.leakguard as { v?: unknown } | undefined
  return value?.v === 1 ? (value as LeakguardMeta) : undefined
}
