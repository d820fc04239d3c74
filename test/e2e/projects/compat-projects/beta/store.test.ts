import { test } from 'vitest'
import { makeStore } from '../stores.js'

test('beta closes its store', async () => {
  const ds = await makeStore('beta-clean')
  await ds.close()
})

test('beta leaks its store', async () => {
  await makeStore('beta-leak')
})

test('beta spikes 150 MB over its 100 MB limit', () => {
  const buffer = Buffer.alloc(150 * 1024 * 1024, 1)
  buffer[0] = 2
})
