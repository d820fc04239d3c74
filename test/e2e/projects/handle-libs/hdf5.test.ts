import { File } from 'h5wasm/node'
import { afterEach, expect, test } from 'vitest'
import { libraryThatOpens, seedHdf5 } from './data.js'
import { openResults } from './helper.js'

const path = seedHdf5('observations.h5')
let shared: File | undefined

afterEach(() => {
  shared?.close()
  shared = undefined
})

test('hdf5: forgets to close a file', () => {
  const file = new File(path, 'r')
  expect(file.keys()).toEqual(['temperature'])
})

test('hdf5: closes its file', () => {
  const file = new File(path, 'r')
  expect(file.keys()).toEqual(['temperature'])
  file.close()
})

test('hdf5: a file closed in afterEach', () => {
  shared = new File(path, 'r')
  expect(shared.keys()).toEqual(['temperature'])
})

test('hdf5: leaks through a helper', () => {
  openResults(path)
})

test('hdf5: leaks a file a library opened', async () => {
  const openForReading = await libraryThatOpens()
  openForReading(File, path)
})
