import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import FileSystemStore from '@zarrita/storage/fs'
import { describe, expect, test } from 'vitest'
import * as zarr from 'zarrita'
import {
  type CodecSpec,
  createDataset,
  type DatasetSpec,
  openDataset,
} from '../../src/dataset/index.js'
import { useTempStores } from './temp-store.js'

const store = useTempStores()

const STATIONS = ['Zürich', 'Genève', 'Basel-Binningen']

function spec(zarrFormat: 2 | 3, codec: CodecSpec): DatasetSpec {
  return {
    zarrFormat,
    dims: { realization: 2, station: 3, day: 5 },
    coords: {
      station: { dims: ['station'], values: STATIONS, attrs: { long_name: 'station name' } },
      day: { dims: ['day'], values: [0, 1, 2, 3, 4], attrs: { units: 'days since 2000-01-01' } },
    },
    variables: {
      tas: {
        dtype: 'float32',
        dims: ['realization', 'station', 'day'],
        codec,
        attrs: { units: 'K' },
      },
      flag: { dtype: 'int16', dims: ['station', 'day'], codec, fillValue: -1 },
    },
    attrs: { title: 'round trip', history: ['a', 'b'] },
  }
}

const ramp = (n: number, offset = 0) => Float32Array.from({ length: n }, (_, i) => i + offset)

const cases: [2 | 3, string, CodecSpec][] = [
  [3, 'none', 'none'],
  [3, 'zstd', { name: 'zstd', level: 3 }],
  [3, 'blosc', { name: 'blosc', cname: 'lz4', shuffle: 1 }],
  [2, 'none', 'none'],
  [2, 'zstd', { name: 'zstd' }],
  [2, 'blosc', { name: 'blosc', cname: 'zstd', clevel: 3, shuffle: 2 }],
]

describe.each(cases)('zarr v%i with codec %s', (format, _label, codec) => {
  test('values, dims, attrs, NaN fill and string coords survive close and reopen', async () => {
    const path = store()
    const created = await createDataset(path, spec(format, codec))
    expect(created.zarrFormat).toBe(format)
    await created.write('tas', ramp(15, 100), { realization: 1 })
    await created.write('flag', Int16Array.from([7, 8, 9]), {
      station: 1,
      day: { start: 1, stop: 4 },
    })
    await created.close()

    await using ds = await openDataset(path)
    expect(ds.zarrFormat).toBe(format)
    expect(ds.dims).toEqual({ realization: 2, station: 3, day: 5 })
    expect(ds.attrs).toEqual({ title: 'round trip', history: ['a', 'b'] })
    expect(Object.keys(ds.variables).sort()).toEqual(['flag', 'tas'])
    expect(Object.keys(ds.coords).sort()).toEqual(['day', 'station'])
    expect(ds.variables.tas).toEqual({
      name: 'tas',
      dims: ['realization', 'station', 'day'],
      shape: [2, 3, 5],
      dtype: 'float32',
      attrs: { units: 'K' },
    })
    expect(ds.coords.station?.dtype).toBe('string')
    expect(ds.coords.station?.attrs).toEqual({ long_name: 'station name' })
    expect(await ds.coordValues('station')).toEqual(STATIONS)
    expect(await ds.coordValues('day')).toEqual([0, 1, 2, 3, 4])

    const written = await ds.read('tas', { realization: 1 })
    expect(written.shape).toEqual([3, 5])
    expect(written.dims).toEqual(['station', 'day'])
    expect(Array.from(written.data)).toEqual(Array.from(ramp(15, 100)))
    const unwritten = await ds.read('tas', { realization: 0 })
    expect(unwritten.data).toBeInstanceOf(Float32Array)
    expect(Array.from(unwritten.data).every(Number.isNaN)).toBe(true)

    const flag = await ds.read('flag')
    expect(flag.data).toBeInstanceOf(Int16Array)
    expect(Array.from(flag.data)).toEqual([-1, -1, -1, -1, -1, -1, 7, 8, 9, -1, -1, -1, -1, -1, -1])
  })

  test('the metadata is readable by zarrita alone, with xarray dimension names', async () => {
    const path = store()
    const ds = await createDataset(path, spec(format, codec))
    await ds.write('tas', ramp(30))
    await ds.close()
    const root = zarr.root(new FileSystemStore(path))
    const arr =
      format === 2
        ? await zarr.open.v2(root.resolve('tas'), { kind: 'array', attrs: true })
        : await zarr.open.v3(root.resolve('tas'), { kind: 'array' })
    expect(arr.dimensionNames).toEqual(['realization', 'station', 'day'])
    const chunk = await zarr.get(arr, [1, zarr.slice(1, 3), 4])
    expect(Array.from(chunk.data as Float32Array)).toEqual([24, 29])
    expect(Number.isNaN(arr.fillValue)).toBe(true)
  })
})

describe('on-disk format details', () => {
  test('v3: explicit little-endian bytes codec, NaN fill as "NaN", blosc shuffle by name', async () => {
    const path = store()
    await (await createDataset(path, spec(3, { name: 'blosc' }))).close()
    const meta = JSON.parse(readFileSync(join(path, 'tas', 'zarr.json'), 'utf8'))
    expect(meta.fill_value).toBe('NaN')
    expect(meta.dimension_names).toEqual(['realization', 'station', 'day'])
    expect(meta.codecs).toEqual([
      { name: 'bytes', configuration: { endian: 'little' } },
      {
        name: 'blosc',
        configuration: { cname: 'lz4', clevel: 5, shuffle: 'shuffle', typesize: 4, blocksize: 0 },
      },
    ])
    const station = JSON.parse(readFileSync(join(path, 'station', 'zarr.json'), 'utf8'))
    expect(station.data_type).toBe('string')
    expect(station.codecs).toEqual([{ name: 'vlen-utf8', configuration: {} }])
  })

  test('v2: .zgroup, .zarray as zarr-python 2 writes it, _ARRAY_DIMENSIONS, 0.0.0 chunk keys', async () => {
    const path = store()
    const ds = await createDataset(path, spec(2, { name: 'zstd', level: 2 }))
    await ds.write('tas', ramp(15), { realization: 1 })
    await ds.close()
    expect(JSON.parse(readFileSync(join(path, '.zgroup'), 'utf8'))).toEqual({ zarr_format: 2 })
    expect(JSON.parse(readFileSync(join(path, 'tas', '.zarray'), 'utf8'))).toEqual({
      zarr_format: 2,
      shape: [2, 3, 5],
      chunks: [1, 3, 5],
      dtype: '<f4',
      compressor: { id: 'zstd', level: 2 },
      fill_value: 'NaN',
      order: 'C',
      filters: null,
      dimension_separator: '.',
    })
    expect(JSON.parse(readFileSync(join(path, 'tas', '.zattrs'), 'utf8'))).toEqual({
      _ARRAY_DIMENSIONS: ['realization', 'station', 'day'],
      units: 'K',
    })
    // zstd frame magic 28 B5 2F FD at the start of the one written chunk.
    expect([...readFileSync(join(path, 'tas', '1.0.0')).subarray(0, 4)]).toEqual([
      0x28, 0xb5, 0x2f, 0xfd,
    ])
    const station = JSON.parse(readFileSync(join(path, 'station', '.zarray'), 'utf8'))
    expect(station.dtype).toBe('|O')
    expect(station.filters).toEqual([{ id: 'vlen-utf8' }])
  })

  test('blosc with numeric shuffle really shuffles: smooth floats compress far better', async () => {
    const sizes: Record<string, number> = {}
    for (const shuffle of [0, 1] as const) {
      const path = store(`shuffle-${shuffle}.zarr`)
      const ds = await createDataset(path, {
        dims: { x: 4096 },
        variables: { v: { dtype: 'float32', dims: ['x'], codec: { name: 'blosc', shuffle } } },
      })
      await ds.write(
        'v',
        Float32Array.from({ length: 4096 }, (_, i) => 280 + Math.sin(i / 50)),
      )
      await ds.close()
      sizes[shuffle] = readFileSync(join(path, 'v', 'c', '0')).byteLength
    }
    expect(sizes[1]).toBeLessThan((sizes[0] ?? 0) * 0.9)
  })
})

describe('non-dimension coordinates', () => {
  test.each([2, 3] as const)(
    'v%i: listed in the root `coordinates` attribute, read back as coords',
    async (zarrFormat) => {
      const path = store()
      const created = await createDataset(path, {
        zarrFormat,
        dims: { station: 2 },
        coords: { lat: { dims: ['station'], values: Float32Array.from([46.5, 47.25]) } },
        variables: { pr: { dtype: 'float32', dims: ['station'] } },
        attrs: { title: 't' },
      })
      await created.close()
      const rootFile = zarrFormat === 3 ? 'zarr.json' : '.zattrs'
      const raw = JSON.parse(readFileSync(join(path, rootFile), 'utf8'))
      expect(zarrFormat === 3 ? raw.attributes : raw).toEqual({ title: 't', coordinates: 'lat' })
      await using ds = await openDataset(path)
      expect(Object.keys(ds.coords)).toEqual(['lat'])
      expect(Object.keys(ds.variables)).toEqual(['pr'])
      expect(ds.coords.lat?.dtype).toBe('float32')
      expect(ds.attrs).toEqual({ title: 't' })
      expect(await ds.coordValues('lat')).toEqual([46.5, 47.25])
    },
  )
})
