import type { RunnerTask } from 'vitest'
import type { Verdict } from '../src/verdict/index.js'
import { failTask } from './fail-task.js'

/**
 * Applies a verdict to a test or scope: each error fails it (through its result, since
 * this runs after its teardown), each warning is printed. Meta and log lines are the
 * caller's, which knows their shape.
 */
export function applyVerdict(task: RunnerTask, verdict: Verdict): void {
  for (const error of verdict.errors) failTask(task, error)
  for (const warning of verdict.warnings) console.warn(`leakguard (onLeak: 'warn'): ${warning}`)
}
