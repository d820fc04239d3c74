import type { RunnerTask, RunnerTestSuite } from 'vitest'
import type { LeakSubject } from '../src/verdict/index.js'
import { suiteOwner, testOwner } from './owner-keys.js'
import { fullTaskName, relativeFile } from './task-names.js'
import type { WorkerOptions } from './worker-options.js'

/**
 * `test "suite > name"` for an owner key of this file, so a note names the test rather
 * than vitest's internal id. Walks the file only when a note is written (rare).
 */
export function ownerName(suite: RunnerTestSuite, key: string | undefined): string {
  let found: string | undefined
  const walk = (task: RunnerTask): void => {
    if (found) return
    if (task.type === 'test') {
      if (testOwner(task.id) === key) found = `test "${fullTaskName(task)}"`
    } else {
      if (task !== task.file && suiteOwner(task.id) === key) {
        found = `suite "${fullTaskName(task)}"`
      }
      task.tasks.forEach(walk)
    }
  }
  walk(suite.file)
  return found ?? String(key)
}

/**
 * The owners whose garbage-collected handles a scope reports: its own, and for a file
 * every test and suite in it, because a handle is often collected only after the test
 * that dropped it has ended and been reported.
 */
export function scopeOwners(suite: RunnerTestSuite, owner: string): string[] {
  if (suite.file !== suite) return [owner]
  const owners = [owner]
  const walk = (task: RunnerTask): void => {
    if (task.type === 'test') owners.push(testOwner(task.id))
    else {
      if (task !== suite) owners.push(suiteOwner(task.id))
      task.tasks.forEach(walk)
    }
  }
  walk(suite)
  return owners
}

/** Names a suite or file in a leak message. */
export function scopeSubject(suite: RunnerTestSuite, options: WorkerOptions): LeakSubject {
  return {
    kind: suite.file === suite ? 'file' : 'suite',
    name: fullTaskName(suite),
    file: relativeFile(suite, options.root),
  }
}
