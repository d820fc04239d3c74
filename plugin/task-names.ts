import { relative } from 'node:path'
import type { RunnerTask } from 'vitest'

/** `suite > inner > test`: the task's name with its suites, without the file. */
export function fullTaskName(task: RunnerTask): string {
  const names: string[] = []
  let current: RunnerTask | undefined = task
  while (current && current !== current.file) {
    names.unshift(current.name)
    current = current.suite
  }
  return names.join(' > ')
}

/** The task's file relative to `root`, with forward slashes. */
export function relativeFile(task: RunnerTask, root: string): string {
  return relative(root, task.file.filepath).split('\\').join('/')
}
