import { setTimeout as sleep } from 'node:timers/promises'
import { describe, test } from 'vitest'
import { makeStore } from './stores.js'

describe.concurrent('concurrent', () => {
  test('A leaks while B runs', async () => {
    await sleep(20)
    await makeStore('concurrent-a')
    await sleep(40)
  })
  test('B closes while A runs', async () => {
    const ds = await makeStore('concurrent-b')
    await sleep(40)
    await ds.close()
  })
})
