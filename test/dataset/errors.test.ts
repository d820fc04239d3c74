import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import {
  createDataset,
  type DatasetSpec,
  isDatasetError,
  openDataset,
} from '../../src/dataset/index.js'
import { rejection } from '../support/rejection.js'
import { useTempStores } from './temp-store.js'

const store = useTempStores()

const SPEC: DatasetSpec = {
  dims: { realization: 2, station: 3, day: 4 },
  coords: { station: { dims: ['station'], values: ['a', 'b', 'c'] } },
  variables: { precip: { dtype: 'float32', dims: ['realization', 'station', 'day'] } },
}
describe('opening', () => {
  test('a missing store: DatasetNotFound with the path', async () => {
    const path = store('nope.zarr')
    const error = await rejection(openDataset(path))
    expect(isDatasetError(error, 'DatasetNotFound')).toBe(true)
    expect(error.message).toBe(`No dataset at ${path}: the path does not exist.`)
    expect(isDatasetError(error, 'DatasetNotFound') && error.path).toBe(path)
  })

  test('a directory that is not Zarr: DatasetNotZarr', async () => {
    const path = store('plain')
    mkdirSync(path, { recursive: true })
    writeFileSync(join(path, 'readme.txt'), 'hi')
    const error = await rejection(openDataset(path))
    expect(isDatasetError(error, 'DatasetNotZarr')).toBe(true)
    expect(error.message).toBe(
      `${path} is not a Zarr store: it has neither zarr.json (v3) nor .zgroup (v2).`,
    )
  })

  test('a file, not a directory: DatasetNotZarr', async () => {
    const path = store('file.zarr')
    mkdirSync(join(path, '..'), { recursive: true })
    writeFileSync(path, 'x')
    const error = await rejection(openDataset(path))
    expect(error.message).toBe(`${path} is a file, not a Zarr store directory.`)
  })

  test('broken root metadata: DatasetCorrupt naming the file', async () => {
    const path = store()
    mkdirSync(path, { recursive: true })
    writeFileSync(join(path, 'zarr.json'), '{"zarr_format": 3,')
    const error = await rejection(openDataset(path))
    expect(isDatasetError(error, 'DatasetCorrupt')).toBe(true)
    expect(error.message).toMatch(
      new RegExp(`^Metadata file zarr.json in ${path} is not valid JSON: `),
    )
    expect(error.cause).toBeInstanceOf(SyntaxError)
  })
})

describe('names', () => {
  test('an unknown variable suggests the nearest name', async () => {
    const path = store()
    await using ds = await createDataset(path, SPEC)
    const error = await rejection(ds.read('precp'))
    expect(isDatasetError(error, 'DatasetUnknownVariable')).toBe(true)
    expect(error.message).toBe(
      `Unknown variable 'precp' in ${path}. Did you mean 'precip'? Known: 'precip', 'station'.`,
    )
    expect(isDatasetError(error, 'DatasetUnknownVariable') && error.suggestion).toBe('precip')
    const far = await rejection(ds.read('temperature'))
    expect(far.message).toBe(
      `Unknown variable 'temperature' in ${path}. Known: 'precip', 'station'.`,
    )
  })

  test('an unknown dim in a selection suggests the nearest dim of that variable', async () => {
    const path = store()
    await using ds = await createDataset(path, SPEC)
    const error = await rejection(ds.read('precip', { realisation: 0 }))
    expect(isDatasetError(error, 'DatasetUnknownDim')).toBe(true)
    expect(error.message).toBe(
      `Unknown dimension 'realisation' for variable 'precip' of ${path}. Did you mean 'realization'? Its dims: 'realization', 'station', 'day'.`,
    )
    expect(isDatasetError(error, 'DatasetUnknownDim') && [error.dim, error.variable]).toEqual([
      'realisation',
      'precip',
    ])
  })

  test('an unknown dim in a spec', async () => {
    const path = store()
    const error = await rejection(
      createDataset(path, {
        dims: { day: 3 },
        variables: { v: { dtype: 'float32', dims: ['dya'] } },
      }),
    )
    expect(error.message).toBe(
      `Unknown dimension 'dya' for variable 'v' of ${path}. Did you mean 'day'? Its dims: 'day'.`,
    )
  })

  test('strings read as numbers point to coordValues', async () => {
    const path = store()
    await using ds = await createDataset(path, SPEC)
    const error = await rejection(ds.read('station'))
    expect(isDatasetError(error, 'DatasetUnsupported')).toBe(true)
    expect(error.message).toBe(
      `Cannot read 'station' in ${path} as numbers: it holds strings. Use coordValues('station').`,
    )
  })
})

describe('selections and writes', () => {
  test.each([
    [{ day: 4 }, `along 'day': index 4 is outside 0..3 (length 4)`],
    [{ day: -5 }, `along 'day': index -5 is outside 0..3 (length 4)`],
    [
      { station: { start: 1, stop: 9 } },
      `along 'station': slice stop 9 is outside 0..3 (length 3)`,
    ],
    [{ station: { step: 0 } }, `along 'station': step must be at least 1, got 0`],
    [{ realization: 0.5 }, `along 'realization': index must be an integer, got 0.5`],
  ])('out of range %j', async (selection, detail) => {
    const path = store()
    await using ds = await createDataset(path, SPEC)
    const error = await rejection(ds.read('precip', selection))
    expect(isDatasetError(error, 'DatasetSelectionOutOfRange')).toBe(true)
    expect(error.message).toBe(`Selection out of range for 'precip' ${detail}.`)
  })

  test('a write of the wrong length names the selected shape', async () => {
    const path = store()
    await using ds = await createDataset(path, SPEC)
    const error = await rejection(ds.write('precip', new Float32Array(10), { realization: 1 }))
    expect(isDatasetError(error, 'DatasetShapeMismatch')).toBe(true)
    expect(error.message).toBe(
      `Cannot write 10 values to 'precip' in ${path}: the selection has shape [3, 4] (12 values).`,
    )
  })

  test('a write of the wrong dtype names the array type to pass', async () => {
    const path = store()
    await using ds = await createDataset(path, SPEC)
    const error = await rejection(ds.write('precip', new Float64Array(12), { realization: 1 }))
    expect(isDatasetError(error, 'DatasetDtypeMismatch')).toBe(true)
    expect(error.message).toBe(
      `Cannot write Float64Array to 'precip' (float32) in ${path}: pass a Float32Array.`,
    )
  })

  test('a bad spec field gets the expected-got message', async () => {
    const path = store()
    const error = await rejection(
      createDataset(path, {
        dims: { x: 4 },
        variables: { v: { dtype: 'float32', dims: ['x'], chunks: [0] } },
      }),
    )
    expect(isDatasetError(error, 'DatasetInvalidSpec')).toBe(true)
    expect(error.message).toBe(
      'Expected `variables.v.chunks` to be 1 positive integers, got `[0]` (array).',
    )
  })

  test('creating over a non-empty directory: DatasetExists', async () => {
    const path = store()
    await (await createDataset(path, SPEC)).close()
    const error = await rejection(createDataset(path, SPEC))
    expect(isDatasetError(error, 'DatasetExists')).toBe(true)
    expect(error.message).toMatch(
      new RegExp(`^Cannot create a dataset at ${path}: the directory is not empty`),
    )
  })
})

describe('corrupt chunks', () => {
  test('a truncated raw chunk: DatasetCorrupt naming the chunk file', async () => {
    const path = store()
    const ds = await createDataset(path, SPEC)
    await ds.write('precip', new Float32Array(12).fill(1), { realization: 1 })
    await ds.close()
    truncateSync(join(path, 'precip', 'c', '1', '0', '0'), 20)
    await using reopened = await openDataset(path)
    const error = await rejection(reopened.read('precip', { realization: 1 }))
    expect(isDatasetError(error, 'DatasetCorrupt')).toBe(true)
    expect(error.message).toBe(
      `Chunk precip/c/1/0/0 of 'precip' in ${path} cannot be decoded: decoded 5 elements, expected 12`,
    )
    expect(isDatasetError(error, 'DatasetCorrupt') && error.variable).toBe('precip')
  })

  test('a truncated zstd chunk (v2): DatasetCorrupt with the codec failure as cause', async () => {
    const path = store()
    const spec: DatasetSpec = { ...SPEC, zarrFormat: 2 }
    spec.variables = { precip: { ...SPEC.variables.precip!, codec: { name: 'zstd' } } }
    const ds = await createDataset(path, spec)
    await ds.write(
      'precip',
      Float32Array.from({ length: 12 }, (_, i) => i * 1.5),
      { realization: 0 },
    )
    await ds.close()
    truncateSync(join(path, 'precip', '0.0.0'), 9)
    await using reopened = await openDataset(path)
    const error = await rejection(reopened.read('precip'))
    expect(isDatasetError(error, 'DatasetCorrupt')).toBe(true)
    expect(error.message).toMatch(
      new RegExp(
        `^Chunk precip/0\\.0\\.0 of 'precip' in ${path} cannot be decoded: Failed to decode chunk via codec "numcodecs.zstd"`,
      ),
    )
    expect(error.cause).toBeInstanceOf(Error)
  })

  test('an unknown codec: DatasetCorrupt naming the codec', async () => {
    const path = store()
    await (await createDataset(path, SPEC)).close()
    const metaPath = join(path, 'precip', 'zarr.json')
    const meta = JSON.parse(readFileSync(metaPath, 'utf8'))
    meta.codecs.push({ name: 'snappy-x', configuration: {} })
    writeFileSync(metaPath, JSON.stringify(meta))
    mkdirSync(join(path, 'precip', 'c', '0', '0'), { recursive: true })
    writeFileSync(join(path, 'precip', 'c', '0', '0', '0'), new Uint8Array(48))
    await using reopened = await openDataset(path)
    const error = await rejection(reopened.read('precip', { realization: 0 }))
    expect(isDatasetError(error, 'DatasetCorrupt')).toBe(true)
    expect(error.message).toBe(
      `Chunk precip/c/0/0/0 of 'precip' in ${path} cannot be decoded: Unknown codec: snappy-x`,
    )
  })
})
