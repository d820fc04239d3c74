import type { RetainedMethod, TestMemory } from './model.js'
import { allowedValue, type Tolerance } from './tolerance.js'

/** What the gate needs to know of how a side's `retainedHeap` was measured. */
export interface RetainedFigure {
  retainedHeap: number
  gcForced: boolean
  retainedMethod?: RetainedMethod
  /** With `at-least`: the allocation bound, which the exact figure cannot exceed. */
  retainedHeapMax?: number
}

/**
 * How a figure was measured. Reports and baselines written before `retainedMethod`
 * existed say only `gcForced`: a forced GC on both sides is `exact`, none is `none`.
 */
export function retainedMethodOf(figure: RetainedFigure): RetainedMethod {
  return figure.retainedMethod ?? (figure.gcForced ? 'exact' : 'none')
}

/** Whether the gate can compare a baseline's and a run's retained heap at all. */
export function retainedComparable(base: RetainedFigure, current: RetainedFigure): boolean {
  return retainedMethodOf(base) !== 'none' && retainedMethodOf(current) !== 'none'
}

/**
 * The baseline value the tolerance applies to. An `exact` or `at-least` figure is used
 * as it is (the exact value is at least that, so this is the strictest reading). A
 * `bound` says only that the test retained at most what it allocated, which was at most
 * the floor: it is gated as "retained nothing", so any retained heap above the floor is
 * still caught.
 */
export function retainedBaseValue(base: RetainedFigure): number {
  return retainedMethodOf(base) === 'bound' ? 0 : base.retainedHeap
}

/** A retained-heap regression, or why there is none. */
export type RetainedOutcome =
  | { regression: false }
  | {
      regression: true
      /** `proven`: the figure (exact or a lower bound) exceeds the allowed value. */
      why: 'proven' | 'undecided'
      current: number
      baseline: number
      allowed: number
    }

/**
 * Decides one test's retained heap against its baseline. Pure.
 *
 * - `exact` and `at-least` figures above the allowed value are regressions (proven);
 * - a `bound` at or below it passes: the exact figure cannot be larger;
 * - an `at-least` figure whose upper bound (`retainedHeapMax`) fits passes;
 * - what is left cannot be decided without a forced GC at the test's start: it fails
 *   (`undecided`) rather than risk missing a regression, and says how to decide it.
 */
export function checkRetained(
  base: RetainedFigure,
  current: RetainedFigure,
  tolerance: Tolerance,
): RetainedOutcome {
  const baseline = retainedBaseValue(base)
  const allowed = allowedValue(baseline, tolerance)
  const method = retainedMethodOf(current)
  const value = current.retainedHeap
  if (value > allowed) {
    return {
      regression: true,
      why: method === 'bound' ? 'undecided' : 'proven',
      current: value,
      baseline,
      allowed,
    }
  }
  if (method !== 'at-least') return { regression: false }
  const max = current.retainedHeapMax ?? Number.POSITIVE_INFINITY
  if (max <= allowed) return { regression: false }
  return { regression: true, why: 'undecided', current: value, baseline, allowed }
}

/** Copies the fields of a run's memory that the baseline keeps for the retained check. */
export function retainedForBaseline(memory: Pick<TestMemory, 'retainedMethod'>): {
  retainedMethod?: RetainedMethod
} {
  return memory.retainedMethod === undefined ? {} : { retainedMethod: memory.retainedMethod }
}
