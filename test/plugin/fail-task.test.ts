import type { RunnerTask } from 'vitest'
import { expect, test } from 'vitest'
import { failTask } from '../../plugin/fail-task.js'
import { findFixtureHolders } from '../../plugin/fixture-holders.js'
import { handles } from '../../src/handles/index.js'

const error = {
  name: 'HandleLeakError',
  message: 'left 1 handle open',
  stack: 'HandleLeakError: x',
}

test('failTask fails a passed result and, on vitest 5, its last attempt too', () => {
  const task = {
    result: { state: 'pass', attempts: [{ state: 'fail', errors: [] }, { state: 'pass' }] },
  } as unknown as RunnerTask
  failTask(task, error)
  const result = task.result as unknown as {
    state: string
    errors: unknown[]
    attempts: { state: string; errors?: unknown[] }[]
  }
  expect(result.state).toBe('fail')
  expect(result.errors).toEqual([error])
  expect(result.attempts[1]).toEqual({ state: 'fail', errors: [error] })
  expect(result.attempts[0]?.errors).toEqual([])
})

test('findFixtureHolders finds handles held by a fixture value or one of its properties', () => {
  const direct = {}
  const inner = {}
  const free = {}
  const records = [direct, inner, free].map(
    (resource, i) => handles.track(resource, { kind: 'dataset', label: `fx-${i}` })!,
  )
  const context = { task: direct, shared: direct, sim: { ensemble: inner }, count: 3 }
  const held = findFixtureHolders(context, records)
  expect([...held.entries()]).toEqual([
    [records[0]?.id, 'shared'],
    [records[1]?.id, 'sim'],
  ])
  for (const resource of [direct, inner, free]) handles.release(resource)
})
