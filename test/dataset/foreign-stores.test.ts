import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import FileSystemStore from '@zarrita/storage/fs'
import { describe, expect, test } from 'vitest'
import * as zarr from 'zarrita'
import { openDataset } from '../../src/dataset/index.js'
import { useTempStores } from './temp-store.js'

const store = useTempStores()

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value))
}

/** Bytes of a little-endian typed array, as numpy would write them. */
function bytesOf(data: Float64Array | Int32Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

/** A v2 store laid out by hand the way zarr-python 2 + xarray write one. */
function writeV2Store(path: string, compressor: Record<string, unknown> | null): void {
  mkdirSync(join(path, 'pr'), { recursive: true })
  mkdirSync(join(path, 'station'), { recursive: true })
  writeJson(join(path, '.zgroup'), { zarr_format: 2 })
  writeJson(join(path, '.zattrs'), { source: 'hand-written' })
  writeJson(join(path, 'pr', '.zarray'), {
    zarr_format: 2,
    shape: [2, 4],
    chunks: [1, 4],
    dtype: '<f8',
    compressor,
    fill_value: 'NaN',
    order: 'C',
    filters: null,
  })
  writeJson(join(path, 'pr', '.zattrs'), { _ARRAY_DIMENSIONS: ['station', 'day'], units: 'mm' })
  // numpy's fixed-width unicode: UTF-32LE code points, zero-padded to 5 characters.
  writeJson(join(path, 'station', '.zarray'), {
    zarr_format: 2,
    shape: [2],
    chunks: [2],
    dtype: '<U5',
    compressor: null,
    fill_value: '',
    order: 'C',
    filters: null,
  })
  writeJson(join(path, 'station', '.zattrs'), { _ARRAY_DIMENSIONS: ['station'] })
  const names = new Int32Array(10)
  ;['Bern', 'Sion'].forEach((name, i) => {
    for (let c = 0; c < name.length; c++) names[i * 5 + c] = name.codePointAt(c) ?? 0
  })
  writeFileSync(join(path, 'station', '0'), bytesOf(names))
}

describe('stores written without this layer', () => {
  test('a v3 store written by zarrita create/set', async () => {
    const path = store()
    const root = zarr.root(new FileSystemStore(path))
    await zarr.create(root, { attributes: { institution: 'zarrita' } })
    const arr = await zarr.create(root.resolve('tas'), {
      shape: [3, 4],
      chunkShape: [2, 2],
      dtype: 'int32',
      fillValue: -9,
      codecs: [{ name: 'bytes', configuration: { endian: 'little' } }],
      dimensionNames: ['y', 'x'],
      attributes: { units: 'K' },
    })
    await zarr.set(arr, [zarr.slice(0, 2), null], {
      data: Int32Array.from([1, 2, 3, 4, 5, 6, 7, 8]),
      shape: [2, 4],
      stride: [4, 1],
    })
    const anonymous = await zarr.create(root.resolve('anon'), {
      shape: [2],
      chunkShape: [2],
      dtype: 'float64',
      fillValue: 0,
      codecs: [{ name: 'bytes', configuration: { endian: 'little' } }],
    })
    await zarr.set(anonymous, null, {
      data: Float64Array.from([1.5, 2.5]),
      shape: [2],
      stride: [1],
    })

    await using ds = await openDataset(path)
    expect(ds.zarrFormat).toBe(3)
    expect(ds.attrs).toEqual({ institution: 'zarrita' })
    expect(ds.dims).toEqual({ y: 3, x: 4, anon_dim_0: 2 })
    expect(ds.variables.tas?.attrs).toEqual({ units: 'K' })
    const all = await ds.read('tas')
    expect(Array.from(all.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, -9, -9, -9, -9])
    const column = await ds.read('tas', { x: 2 })
    expect({ data: Array.from(column.data), shape: column.shape, dims: column.dims }).toEqual({
      data: [3, 7, -9],
      shape: [3],
      dims: ['y'],
    })
    // No dimension_names: the layer names the dims after the array (xarray would refuse).
    expect(Array.from((await ds.read('anon')).data)).toEqual([1.5, 2.5])
  })

  test('a hand-written v2 store with raw chunks and a fixed-width <U string coordinate', async () => {
    const path = store()
    writeV2Store(path, null)
    writeFileSync(join(path, 'pr', '0.0'), bytesOf(Float64Array.from([0.5, 1, 0, 2])))

    await using ds = await openDataset(path)
    expect(ds.zarrFormat).toBe(2)
    expect(ds.attrs).toEqual({ source: 'hand-written' })
    expect(ds.variables.pr).toEqual({
      name: 'pr',
      dims: ['station', 'day'],
      shape: [2, 4],
      dtype: 'float64',
      attrs: { units: 'mm' },
    })
    expect(await ds.coordValues('station')).toEqual(['Bern', 'Sion'])
    const pr = await ds.read('pr')
    expect(Array.from(pr.data.subarray(0, 4))).toEqual([0.5, 1, 0, 2])
    expect(Array.from(pr.data.subarray(4)).every(Number.isNaN)).toBe(true)
  })

  test('a hand-written v2 store with zstd chunks compressed by numcodecs', async () => {
    const path = store()
    writeV2Store(path, { id: 'zstd', level: 1 })
    const entry = await zarr.registry.get('numcodecs.zstd')?.()
    const codec = entry?.fromConfig(
      { level: 1 },
      { dataType: 'float64', shape: [1, 4], codecs: [], fillValue: null },
    )
    const compressed = await codec!.encode(bytesOf(Float64Array.from([4, 3, 2, 1])))
    writeFileSync(join(path, 'pr', '1.0'), compressed)

    await using ds = await openDataset(path)
    expect(Array.from((await ds.read('pr', { station: 1 })).data)).toEqual([4, 3, 2, 1])
  })
})
