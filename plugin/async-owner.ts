import type { RunnerTask, RunnerTestFile } from 'vitest'
import { ownerContext } from '../src/handles/index.js'

/**
 * How the runner sets the owner of a trace span.
 *
 * - `concurrent` (default): AsyncLocalStorage only in files that have concurrent tests,
 *   where it is needed to tell them apart; elsewhere a plain current-owner variable,
 *   which costs nothing per `await`. Measured on 1,000 tests: see BENCHMARKS / the
 *   plugin's README section. Trade-off: in a sequential file, a timer left running by
 *   one test that opens a handle during a later test is blamed on the later test.
 * - `always`: AsyncLocalStorage for every span (exact, ~10 % more CPU on tiny tests).
 *
 * `LEAKGUARD_ASYNC_OWNER=always` selects the second; it exists for the benchmark and for
 * suites that need exact timer attribution everywhere.
 */
export interface OwnerScope {
  /** Learns whether a collected file has concurrent tests, before its tests run. */
  prepare(file: RunnerTestFile): void
  /** Runs `fn` with `owner` current, the right way for the span's file. */
  enter<T>(owner: string, filePath: unknown, fn: () => T): T
}

function hasConcurrent(task: RunnerTask): boolean {
  if (task.concurrent === true) return true
  return task.type === 'suite' && task.tasks.some(hasConcurrent)
}

function runPlain<T>(owner: string, fn: () => T): T {
  const previous = ownerContext.current()
  ownerContext.enter(owner)
  let result: T
  try {
    result = fn()
  } catch (error) {
    ownerContext.enter(previous)
    throw error
  }
  // Spans nest (file > suite > test) and, in a file without concurrency, never overlap:
  // restoring the outer owner when the span settles keeps suite hooks with the suite.
  if (result instanceof Promise) {
    return result.finally(() => ownerContext.enter(previous)) as T
  }
  ownerContext.enter(previous)
  return result
}

/** The policy chosen by `LEAKGUARD_ASYNC_OWNER` (default `concurrent`). */
export function asyncOwnerPolicy(mode = process.env.LEAKGUARD_ASYNC_OWNER): OwnerScope {
  const always = mode === 'always'
  const concurrentFiles = new Set<string>()
  return {
    prepare(file) {
      if (hasConcurrent(file)) concurrentFiles.add(file.filepath)
    },
    enter(owner, filePath, fn) {
      if (always || (typeof filePath === 'string' && concurrentFiles.has(filePath))) {
        return ownerContext.run(owner, fn)
      }
      return runPlain(owner, fn)
    },
  }
}
