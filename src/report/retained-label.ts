import type { RetainedMethod, TestMemory } from './model.js'
import { formatDelta } from './size.js'

/** The memory fields a retained figure's label depends on. */
export type RetainedMemory = Pick<TestMemory, 'retainedHeap' | 'retainedMethod'>

/**
 * The mark a retained figure carries for a reader: `≤` for a `bound` (the exact figure is
 * at most this), `≥` for `at-least` (at least this), nothing for an exact or ungated one.
 */
export function retainedMark(method: RetainedMethod | undefined): '' | '≤ ' | '≥ ' {
  return method === 'bound' ? '≤ ' : method === 'at-least' ? '≥ ' : ''
}

/**
 * A test's retained heap for humans: `+1.2 MB` when exact, `≤ +1.2 MB` for a bound,
 * `≥ +29.5 MB` for a lower bound, so a bound is never read as a measurement.
 */
export function formatRetained(memory: RetainedMemory): string {
  return `${retainedMark(memory.retainedMethod)}${formatDelta(memory.retainedHeap)}`
}

/** The legend lines for the bound marks in use among `memories`, `≤` first; empty if none. */
export function retainedLegend(memories: readonly (RetainedMemory | undefined)[]): string[] {
  const methods = new Set(memories.map((memory) => memory?.retainedMethod))
  const lines: string[] = []
  if (methods.has('bound')) {
    lines.push(
      "≤ retained heap: a bound, not a measurement. gc: 'auto' forced no GC for this test, so it shows what the test allocated, which is the most it can have retained.",
    )
  }
  if (methods.has('at-least')) {
    lines.push(
      "≥ retained heap: a lower bound. gc: 'auto' forced a GC at the test's end but not at its start, so garbage from before the test may hide some of what it retained.",
    )
  }
  return lines
}
