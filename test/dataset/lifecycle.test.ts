import { mkdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import {
  createDataset,
  type Dataset,
  isDatasetError,
  openDataset,
} from '../../src/dataset/index.js'
import { formatOpenSite, handles } from '../../src/handles/index.js'
import { useTempStores } from './temp-store.js'

const store = useTempStores()

/** 4 realizations of 1000 float64 = 8000 bytes per chunk, 32,000 in all. */
async function makeStore(path: string): Promise<void> {
  const ds = await createDataset(path, {
    dims: { realization: 4, day: 1000 },
    variables: { tas: { dtype: 'float64', dims: ['realization', 'day'] } },
  })
  for (let r = 0; r < 4; r++)
    await ds.write('tas', new Float64Array(1000).fill(r), { realization: r })
  await ds.close()
}

/** The 1-based line of this file that contains `marker`, so the test survives edits above it. */
function lineOf(marker: string): number {
  const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n')
  return lines.findIndex((line) => line.includes(marker) && !line.includes('lineOf(')) + 1
}

function tracked(ds: Dataset) {
  return handles.open().filter((record) => record.label === ds.path)
}

describe('close', () => {
  test('is idempotent, sets closed, and later reads and writes fail with DatasetClosed', async () => {
    const path = store()
    await makeStore(path)
    const ds = await openDataset(path)
    expect(ds.closed).toBe(false)
    await ds.close()
    await ds.close()
    expect(ds.closed).toBe(true)
    const read = await ds.read('tas').catch((e: unknown) => e)
    expect(isDatasetError(read, 'DatasetClosed')).toBe(true)
    expect((read as Error).message).toBe(`Cannot read 'tas': the dataset at ${path} is closed.`)
    const write = await ds
      .write('tas', new Float64Array(1000), { realization: 0 })
      .catch((e: unknown) => e)
    expect((write as Error).message).toBe(`Cannot write 'tas': the dataset at ${path} is closed.`)
    await expect(ds.coordValues('x')).rejects.toThrow(/is closed/)
  })

  test('await using closes at the end of the block', async () => {
    const path = store()
    await makeStore(path)
    let seen: Dataset | undefined
    {
      await using ds = await openDataset(path)
      seen = ds
      expect(ds.closed).toBe(false)
    }
    expect(seen.closed).toBe(true)
  })

  test('waits for a read in flight, then empties the cache', async () => {
    const path = store()
    await makeStore(path)
    const ds = await openDataset(path)
    const reading = ds.read('tas')
    await ds.close()
    const { data } = await reading
    expect(data[3500]).toBe(3)
    expect(ds.cachedBytes).toBe(0)
  })
})

describe('handle registry', () => {
  test('an open dataset is tracked with this file and line as its open site, until close', async () => {
    const path = store()
    await makeStore(path)
    const ds = await openDataset(path) // open-site-A
    const [record] = tracked(ds)
    expect(record?.kind).toBe('dataset')
    expect(record?.label).toBe(path)
    expect(formatOpenSite(record!.openSite!, process.cwd())).toMatch(
      new RegExp(`^test/dataset/lifecycle\\.test\\.ts:${lineOf('open-site-A')}:\\d+$`),
    )
    expect(handles.isOpen(ds)).toBe(true)
    await ds.close()
    expect(tracked(ds)).toEqual([])
    expect(handles.isOpen(ds)).toBe(false)
  })

  test('createDataset tracks too, at the caller', async () => {
    const path = store()
    const spec = { dims: { x: 2 }, variables: { v: { dtype: 'uint8' as const, dims: ['x'] } } }
    const ds = await createDataset(path, spec) // open-site-B
    expect(tracked(ds)[0]?.openSite?.line).toBe(lineOf('open-site-B'))
    await ds.close()
    expect(tracked(ds)).toEqual([])
  })

  test('a failed open or create leaves nothing tracked', async () => {
    const before = handles.size
    const missing = store('missing.zarr')
    await expect(openDataset(missing)).rejects.toThrow(/does not exist/)
    const empty = store('empty')
    mkdirSync(empty)
    await expect(openDataset(empty)).rejects.toThrow(/is not a Zarr store/)
    await expect(
      createDataset(store('bad.zarr'), {
        dims: { x: 2 },
        variables: { v: { dtype: 'float32', dims: ['y'] } },
      }),
    ).rejects.toThrow(/Unknown dimension 'y'/)
    expect(handles.size).toBe(before)
    expect(handles.open().filter((r) => r.label.startsWith(empty.replace(/empty$/, '')))).toEqual(
      [],
    )
  })
})

describe('decoded-chunk cache', () => {
  test('reads fill it chunk by chunk, repeated reads reuse it, close empties it', async () => {
    const path = store()
    await makeStore(path)
    const ds = await openDataset(path)
    expect(ds.cacheBudget).toBe(64 * 1024 * 1024)
    expect(ds.cachedBytes).toBe(0)
    await ds.read('tas', { realization: 1 })
    expect(ds.cachedBytes).toBe(8000)
    await ds.read('tas', { realization: 1, day: { start: 10, stop: 20 } })
    expect(ds.cachedBytes).toBe(8000)
    await ds.read('tas')
    expect(ds.cachedBytes).toBe(32_000)
    expect(ds.cachedChunks).toBe(4)
    await ds.close()
    expect(ds.cachedBytes).toBe(0)
    expect(ds.cachedChunks).toBe(0)
  })

  test('stays within its byte budget, dropping least recently used chunks', async () => {
    const path = store()
    await makeStore(path)
    await using ds = await openDataset(path, { cacheBytes: 16_000 })
    await ds.read('tas')
    expect(ds.cachedBytes).toBe(16_000)
    await using off = await openDataset(path, { cacheBytes: 0 })
    await off.read('tas')
    expect(off.cachedBytes).toBe(0)
  })

  test('a write replaces the cached chunks it touches', async () => {
    const path = store()
    await makeStore(path)
    await using ds = await openDataset(path)
    expect((await ds.read('tas', { realization: 2, day: 5 })).data[0]).toBe(2)
    await ds.write('tas', Float64Array.from([42]), { realization: 2, day: 5 })
    expect((await ds.read('tas', { realization: 2, day: 5 })).data[0]).toBe(42)
    expect((await ds.read('tas', { realization: 2, day: 6 })).data[0]).toBe(2)
  })
})
