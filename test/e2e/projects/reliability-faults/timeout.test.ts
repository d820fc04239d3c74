import { test } from 'vitest'
import { makeStore } from './stores.js'

// Kept reachable, so the leak is reported as open (not as collected without close).
const held: unknown[] = []

test('times out holding a store', { timeout: 300 }, async () => {
  held.push(await makeStore('held-past-timeout'))
  await new Promise(() => {})
})

test('a clean test after the timeout', async () => {
  await using ds = await makeStore('after-timeout')
  void ds
})
