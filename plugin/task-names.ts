import { relative } from 'node:path'
import type { RunnerTask } from 'vitest'

// A test's name and file are asked for several times per test (its start, its verdict, its
// GC line): computed once each, since a worker runs this per test on cold (unoptimised) code.
const fullNames = new WeakMap<RunnerTask, string>()
let lastFile: { root: string; path: string; relative: string } | undefined

/** `suite > inner > test`: the task's name with its suites, without the file. */
export function fullTaskName(task: RunnerTask): string {
  let name = fullNames.get(task)
  if (name === undefined) {
    name = joinNames(task)
    fullNames.set(task, name)
  }
  return name
}

function joinNames(task: RunnerTask): string {
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
  const path = task.file.filepath
  if (lastFile?.root !== root || lastFile.path !== path) {
    lastFile = { root, path, relative: relativePath(root, path) }
  }
  return lastFile.relative
}
