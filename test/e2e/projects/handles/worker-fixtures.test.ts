import type { Dataset } from 'leakguard'
import { expect, test } from 'vitest'
import { makeStore } from './stores.js'

// Worker-scoped fixtures live until the worker exits, after the file's own verdict.
const withWorkerStore = test.extend<{ pool: Dataset; forgotten: Dataset }>({
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

withWorkerStore('first user of a worker fixture', ({ pool }) => {
  expect(pool.closed).toBe(false)
})

withWorkerStore('second user of a worker fixture', ({ pool }) => {
  expect(pool.closed).toBe(false)
})

withWorkerStore('uses a worker fixture that never closes its store', ({ forgotten }) => {
  expect(forgotten.closed).toBe(false)
})
