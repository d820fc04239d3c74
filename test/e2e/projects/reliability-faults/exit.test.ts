import { expect, test } from 'vitest'
import { makeStore } from './stores.js'

test('closes its store before the exits', async () => {
  const ds = await makeStore('before-exit')
  await ds.close()
  expect(ds.closed).toBe(true)
})

test('exits the process for real mid-test', async () => {
  await makeStore('held-at-exit')
  // What process.exit ends in (and what native code calling exit() does): vitest cannot
  // intercept it, so the worker dies with this test running.
  ;(process as unknown as { reallyExit(code: number): never }).reallyExit(1)
})

test('never runs: its worker is gone', () => {})
