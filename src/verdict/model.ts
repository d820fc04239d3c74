import type { LeakEntry, TestStatus } from '../report/model.js'
import type { AllowRule } from './allow.js'

/**
 * An error a verdict raises: plain, serialisable data that the plugin pushes into a
 * task's result and the `multisite` fixture throws as a {@link HandleLeakError}.
 */
export interface VerdictError {
  readonly name: 'HandleLeakError' | 'MemoryLimitError'
  readonly message: string
  /** Starts at the user's open site for a leak, so vitest frames the line that opened it. */
  readonly stack: string
}

/**
 * What was decided about one test or scope. Plain data: applying it (failing the task,
 * writing `task.meta`, the log line, printing) is the caller's job, never the decision's.
 */
export interface Verdict {
  /** `ok`, `leak`, `over-limit` or `oom-risk`; a scope is only ever `ok` or `leak`. */
  readonly status: TestStatus
  /** Every handle reported, allowed ones included (with their `allowedReason`). */
  readonly leaks: LeakEntry[]
  /** Findings for the report, in the order they were made. */
  readonly notes: string[]
  /** To raise: each fails the test or scope. */
  readonly errors: VerdictError[]
  /** To print only (`onLeak: 'warn'`): the leak message, without any prefix. */
  readonly warnings: string[]
}

/** The options a verdict depends on: the plugin's, or the fixture's defaults without it. */
export interface VerdictPolicy {
  /** `'fail'` raises, `'warn'` prints and records, `'off'` decides on memory only. */
  readonly onLeak: 'fail' | 'warn' | 'off'
  /** Leaks matching an entry are reported with its reason, never failed. */
  readonly allow: readonly AllowRule[]
  /** Per-test peak RSS growth in bytes, or `null` for none. */
  readonly memoryLimit: number | null
}

/** What the `multisite` fixture decides by when the plugin is not there. */
export const FIXTURE_POLICY: VerdictPolicy = { onLeak: 'fail', allow: [], memoryLimit: null }

/** The leaks no allow-list entry excused: those that fail. */
export function failingLeaks(leaks: readonly LeakEntry[]): LeakEntry[] {
  return leaks.filter((leak) => leak.allowedReason === undefined)
}
