import { test } from 'vitest'
import { makeStore } from '../stores.js'

test('alpha closes its store', async () => {
  const ds = await makeStore('alpha-clean')
  await ds.close()
})

test('alpha leaks its store', async () => {
  await makeStore('alpha-leak')
})
