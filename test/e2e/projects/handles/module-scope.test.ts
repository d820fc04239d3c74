import { test } from 'vitest'
import { makeStore } from './stores.js'

const moduleStore = await makeStore('module-scope')

test('uses a store opened at module scope', () => {
  void moduleStore.path
})
