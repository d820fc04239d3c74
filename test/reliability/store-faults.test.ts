import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import {
  createDataset,
  type DatasetSpec,
  isDatasetError,
  openDataset,
} from '../../src/dataset/index.js'
import { handles } from '../../src/handles/index.js'
import { countOpenFds } from '../../src/memory/fd-count.js'
import { useTempStores } from '../dataset/temp-store.js'
import { rejection } from '../support/rejection.js'

// Damaged stores beyond test/dataset/errors.test.ts: an array whose metadata file is gone,
// metadata whose dtype no longer matches the chunks, and the promise that a failed open
// or create leaves no tracked handle and no file descriptor behind.
const store = useTempStores()

const spec = (zarrFormat: 2 | 3): DatasetSpec => ({
  zarrFormat,
  dims: { day: 4 },
  variables: {
    precip: { dtype: 'float32', dims: ['day'] },
    tas: { dtype: 'float32', dims: ['day'] },
  },
})

async function written(zarrFormat: 2 | 3): Promise<string> {
  const path = store(`v${zarrFormat}.zarr`)
  const ds = await createDataset(path, spec(zarrFormat))
  await ds.write('precip', Float32Array.of(1, 2, 3, 4))
  await ds.write('tas', Float32Array.of(5, 6, 7, 8))
  await ds.close()
  return path
}

describe('an array whose metadata file is gone', () => {
  test.each([
    [3, 'zarr.json'],
    [2, '.zarray'],
  ] as const)(
    'v%i without %s: DatasetCorrupt naming the file; the other variables still read',
    async (format, file) => {
      const path = await written(format)
      rmSync(join(path, 'precip', file))
      await using ds = await openDataset(path)
      const error = await rejection(ds.read('precip'))
      expect(isDatasetError(error, 'DatasetCorrupt')).toBe(true)
      expect(error.message).toBe(
        `Array 'precip' in ${path} has no ${file}: its directory holds files but its metadata is missing.`,
      )
      expect(isDatasetError(error, 'DatasetCorrupt') && error.variable).toBe('precip')
      expect(Array.from((await ds.read('tas')).data)).toEqual([5, 6, 7, 8])
    },
  )

  test('an empty stray directory is not an array and not an error', async () => {
    const path = await written(3)
    mkdirSync(join(path, 'scratch'))
    await using ds = await openDataset(path)
    const error = await rejection(ds.read('scratch'))
    expect(isDatasetError(error, 'DatasetUnknownVariable')).toBe(true)
  })
})

describe('metadata whose dtype no longer matches the chunks', () => {
  test.each([
    [2, '.zarray', 'dtype', '<f8', 'precip/0', 'decoded 2 elements, expected 4'],
    [3, 'zarr.json', 'data_type', 'int16', 'precip/c/0', 'decoded 8 elements, expected 4'],
  ] as const)(
    'v%i %s %s → %s: DatasetCorrupt naming the chunk',
    async (format, file, key, dtype, chunk, detail) => {
      const path = await written(format)
      const metaPath = join(path, 'precip', file)
      const meta = JSON.parse(readFileSync(metaPath, 'utf8'))
      meta[key] = dtype
      writeFileSync(metaPath, JSON.stringify(meta))
      await using ds = await openDataset(path)
      const error = await rejection(ds.read('precip'))
      expect(isDatasetError(error, 'DatasetCorrupt')).toBe(true)
      expect(error.message).toBe(
        `Chunk ${chunk} of 'precip' in ${path} cannot be decoded: ${detail}`,
      )
    },
  )
})

describe('a failed open or create leaves nothing open', () => {
  const damages: [string, (path: string) => void][] = [
    [
      'root metadata cut mid-write',
      (p) => writeFileSync(join(p, 'zarr.json'), '{"zarr_format": 3,'),
    ],
    ['root metadata removed', (p) => rmSync(join(p, 'zarr.json'))],
    [
      'array metadata unreadable by zarrita',
      (p) => writeFileSync(join(p, 'precip', 'zarr.json'), '{"node_type": "array"}'),
    ],
    [
      'two arrays disagree on a dim length',
      (p) => {
        const metaPath = join(p, 'tas', 'zarr.json')
        const meta = JSON.parse(readFileSync(metaPath, 'utf8'))
        meta.shape = [5]
        meta.chunk_grid.configuration.chunk_shape = [5]
        writeFileSync(metaPath, JSON.stringify(meta))
      },
    ],
  ]

  test.each(damages)('%s: a typed error, no handle tracked, no fd left', async (_, damage) => {
    const path = await written(3)
    damage(path)
    const handlesBefore = handles.open().length
    const fdsBefore = countOpenFds()
    const error = await rejection(openDataset(path))
    expect(isDatasetError(error, 'DatasetCorrupt', 'DatasetNotZarr'), String(error)).toBe(true)
    expect(handles.open().length).toBe(handlesBefore)
    expect(countOpenFds()).toBe(fdsBefore)
  })

  test('createDataset over an existing store, or with a bad spec: no handle, no fd', async () => {
    const path = await written(3)
    const handlesBefore = handles.open().length
    const fdsBefore = countOpenFds()
    expect(isDatasetError(await rejection(createDataset(path, spec(3))), 'DatasetExists')).toBe(
      true,
    )
    const bad = { dims: { day: 4 }, variables: { v: { dtype: 'float32', dims: ['dya'] } } } as const
    const error = await rejection(createDataset(store('bad.zarr'), bad as unknown as DatasetSpec))
    expect(isDatasetError(error, 'DatasetUnknownDim')).toBe(true)
    expect(handles.open().length).toBe(handlesBefore)
    expect(countOpenFds()).toBe(fdsBefore)
  })
})
