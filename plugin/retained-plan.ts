import { existsSync } from 'node:fs'
import { type Baseline, readBaseline } from '../src/report/baseline.js'
import { retainedMethodOf } from '../src/report/retained-check.js'
import { loggedTestKey } from '../src/report/test-key.js'
import { allowedValue, type Tolerance } from '../src/report/tolerance.js'
import type { ResolvedOptions } from './options.js'

/** What the workers need for `gc: 'auto'`, worked out once in the main process. */
export interface RetainedPlan {
  /**
   * A test that allocated at most this gets a `bound` and no GC. The gate's smallest
   * allowed growth: its floor, or less where a baseline figure is negative (a bound above
   * that test's allowed value could not be decided).
   */
  limitBytes: number
  /**
   * Tests (`file > name`) whose baseline says they allocate past the limit: a forced GC
   * at their start makes their figure exact rather than a lower bound.
   */
  exactStartTests: string[]
}

/**
 * The plan for a run with `gc: 'auto'`. The baseline is read here, in the main process, so workers load
 * neither it nor zod. An unreadable baseline gives the plain floor: the gate reports the
 * baseline's problem itself when the run ends.
 */
export function retainedPlan(options: ResolvedOptions): RetainedPlan {
  let baseline: Baseline | undefined
  try {
    baseline = existsSync(options.baseline) ? readBaseline(options.baseline) : undefined
  } catch {
    baseline = undefined
  }
  return planFromBaseline(baseline, options.tolerance)
}

/** {@link retainedPlan} for a baseline already read. Pure. */
export function planFromBaseline(
  baseline: Baseline | undefined,
  tolerance: Tolerance,
): RetainedPlan {
  let limitBytes = tolerance.floorBytes
  const exactStartTests: string[] = []
  for (const test of baseline?.tests ?? []) {
    const method = retainedMethodOf(test)
    if (method === 'none') continue
    if (method !== 'bound') {
      limitBytes = Math.min(limitBytes, allowedValue(test.retainedHeap, tolerance))
      exactStartTests.push(loggedTestKey(test))
    }
  }
  return { limitBytes: Math.max(0, limitBytes), exactStartTests }
}
