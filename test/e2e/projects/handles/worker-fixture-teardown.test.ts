import type { Dataset } from 'leakguard'
import { expect, test } from 'vitest'
import { makeStore } from './stores.js'

const withBrittle = test.extend<{ brittle: string; store: Dataset }>({
  // Registered first, so torn down last: its error must reach the file, not vanish.
  brittle: [
    async ({}, use) => {
      await use('brittle')
      throw new Error('brittle worker fixture failed to tear down')
    },
    { scope: 'worker' },
  ],
  store: [
    async ({}, use) => {
      const ds = await makeStore('worker-fixture-closed')
      await use(ds)
      await ds.close()
    },
    { scope: 'worker' },
  ],
})

withBrittle('uses a worker fixture whose teardown throws', ({ brittle, store }) => {
  expect([brittle, store.closed]).toEqual(['brittle', false])
})
