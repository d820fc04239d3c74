import { setTimeout as sleep } from 'node:timers/promises'
import { type Dataset, openDataset } from 'leakguard'
import { beforeAll, describe, expect, test } from 'vitest'
import { openResults } from './helper.js'
import { closedStorePath, makeStore } from './stores.js'

test('clean: closes what it opens', async () => {
  const ds = await makeStore('clean')
  await ds.close()
})

test('forgets to close', async () => {
  const ds = await makeStore('forgotten')
  expect(ds.closed).toBe(false)
})

test('leaks through a helper', async () => {
  const path = await closedStorePath('helper')
  await openResults(path)
})

test('a timer opens and leaks', async () => {
  const path = await closedStorePath('timer')
  setTimeout(async () => {
    await openDataset(path)
  }, 5)
  await sleep(50)
})

test('abandons an open still in flight', () => {
  // Not awaited: the store is created after the test body has returned.
  void makeStore('in-flight')
})

test('double close is harmless', async () => {
  const ds = await makeStore('double')
  await ds.close()
  await ds.close()
})

test('await using closes', async () => {
  await using ds = await makeStore('using')
  expect(ds.closed).toBe(false)
})

describe('suite that never closes its beforeAll store', () => {
  let shared: Dataset | undefined
  beforeAll(async () => {
    shared = await makeStore('before-all')
  })
  test('innocent test in the leaking suite', () => {
    expect(shared?.closed).toBe(false)
  })
})

const withStore = test.extend<{ store: Dataset }>({
  store: async ({}, use) => {
    const ds = await makeStore('fixture')
    await use(ds)
    await ds.close()
  },
})

withStore('fixture closes its store in teardown', ({ store }) => {
  expect(store.closed).toBe(false)
})

const withShared = test.extend<{ shared: Dataset }>({
  shared: [
    async ({}, use) => {
      const ds = await makeStore('file-fixture')
      await use(ds)
      await ds.close()
    },
    { scope: 'file' },
  ],
})

withShared('first user of a file fixture', ({ shared }) => {
  expect(shared.closed).toBe(false)
})

withShared('second user of a file fixture', ({ shared }) => {
  expect(shared.closed).toBe(false)
})

const withUnclosed = test.extend<{ unclosed: Dataset }>({
  // A test-scoped fixture without teardown: leakguard cannot tell its scope from a file
  // fixture's, so it judges the handle when the file ends, and says why.
  unclosed: async ({}, use) => {
    await use(await makeStore('fixture-no-teardown'))
  },
})

withUnclosed('uses a fixture that never closes its store', ({ unclosed }) => {
  expect(unclosed.closed).toBe(false)
})
