import { test } from 'vitest'
import { makeStore } from './stores.js'

test('leaks a store', async () => {
  await makeStore('leaky')
})

test('closes its store', async () => {
  const ds = await makeStore('closed')
  await ds.close()
})
