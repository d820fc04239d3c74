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

/** `path` relative to `root`, with forward slashes: how reports name a test file. */
export function relativePath(root: string, path: string): string {
  return relative(root, path).split('\\').join('/')
}

/** The task's file relative to `root`, with forward slashes. */
export function relativeFile(task: RunnerTask, root: string): string {
  return relativePath(root, task.file.filepath)
}
