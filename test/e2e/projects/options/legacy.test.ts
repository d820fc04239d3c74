import { test } from 'vitest'
import { makeStore } from './stores.js'

test('legacy leak on the allow-list', async () => {
  await makeStore('legacy')
})
