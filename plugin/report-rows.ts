import type { TestCase, TestModule } from 'vitest/node'
import type { TestRow } from '../src/report/build-report.js'
import type { ScopeReport, TestState } from '../src/report/model.js'
import { readLeakguardMeta } from './meta.js'
import { relativePath } from './task-names.js'

/** What the workers sent through `task.meta`, one row per test and one per leaking scope. */
export interface CollectedRows {
  readonly tests: TestRow[]
  readonly scopes: ScopeReport[]
}

function testState(testCase: TestCase): TestState {
  const state = testCase.result().state
  if (state === 'passed') return 'pass'
  if (state === 'failed') return 'fail'
  return testCase.options.mode === 'todo' ? 'todo' : 'skip'
}

function testRow(testCase: TestCase, file: string, project: string | undefined): TestRow {
  const meta = readLeakguardMeta(testCase.meta())
  const test = meta?.type === 'test' ? meta : undefined
  const row: TestRow = {
    file,
    name: testCase.fullName,
    state: testState(testCase),
    status: test?.status ?? 'ok',
    leaks: test?.leaks ?? [],
    memory: test?.memory ?? null,
    durationMs: testCase.diagnostic()?.duration ?? null,
  }
  if (project !== undefined) row.project = project
  if (test?.pid !== undefined) row.pid = test.pid
  if (test && test.notes.length > 0) row.notes = test.notes
  if (test?.heapDiff) row.heapDiff = test.heapDiff
  if (testCase.result().state === 'pending' && testCase.options.mode === 'run') {
    return { ...row, noResult: true }
  }
  return row
}

/** Reads each test's and each suite's / file's `task.meta.leakguard`, in vitest's order. */
export function collectRows(modules: ReadonlyArray<TestModule>, root: string): CollectedRows {
  const tests: TestRow[] = []
  const scopes: ScopeReport[] = []
  for (const module of modules) {
    const file = relativePath(root, module.moduleId)
    const project = module.project.name || undefined
    for (const testCase of module.children.allTests()) tests.push(testRow(testCase, file, project))
    for (const owner of [module, ...module.children.allSuites()]) {
      const meta = readLeakguardMeta(owner.meta())
      if (meta?.type !== 'scope') continue
      const name = owner.type === 'module' ? file : owner.fullName
      scopes.push({ file, name, scope: meta.scope, leaks: meta.leaks })
    }
  }
  return { tests, scopes }
}
