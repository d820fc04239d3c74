import type { Dataset } from 'leakguard'
import { expect, test } from 'vitest'
import { makeStore } from './stores.js'

// Worker-scoped fixtures live until the worker exits, after the file's own verdict.
const withWorkerStore = test.extend<{ brittle: string; pool: Dataset; forgotten: Dataset }>({
  // Registered first, so torn down last: its error must reach the file, not vanish.
  brittle: [
    async ({}, use) => {
      await use('brittle')
      throw new Error('brittle worker fixture failed to tear down')
    },
    { scope: 'worker' },
  ],
  pool: [
    async ({}, use) => {
      const ds = await makeStore('worker-fixture')
      await use(ds)
      await ds.close()
    },
    { scope: 'worker' },
  ],
  forgotten: [
    async ({}, use) => {
      // No teardown: still open when the worker's fixtures have torn down.
      await use(await makeStore('worker-fixture-no-teardown'))
    },
    { scope: 'worker' },
  ],
})

withWorkerStore('first user of a worker fixture', ({ brittle, pool }) => {
  expect([brittle, pool.closed]).toEqual(['brittle', false])
})

withWorkerStore('second user of a worker fixture', ({ pool }) => {
  expect(pool.closed).toBe(false)
})

withWorkerStore('uses a worker fixture that never closes its store', ({ forgotten }) => {
  expect(forgotten.closed).toBe(false)
})
