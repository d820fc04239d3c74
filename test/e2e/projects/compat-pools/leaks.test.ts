import { expect, test } from 'vitest'
import { makeStore } from './stores.js'

test('closes what it opens', async () => {
  const ds = await makeStore('clean')
  await ds.close()
})

test('forgets to close', async () => {
  const ds = await makeStore('forgotten')
  expect(ds.closed).toBe(false)
})

test('await using closes', async () => {
  await using ds = await makeStore('using')
  expect(ds.closed).toBe(false)
})
