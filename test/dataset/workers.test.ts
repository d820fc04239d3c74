import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Tinypool from 'tinypool'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createDataset, openDataset } from '../../src/dataset/index.js'
import { useTempStores } from './temp-store.js'
import { transpileDatasetLayer } from './transpile-for-workers.js'

const store = useTempStores()
let layer: ReturnType<typeof transpileDatasetLayer>
let pool: Tinypool

beforeAll(() => {
  layer = transpileDatasetLayer()
  pool = new Tinypool({
    filename: new URL('./worker-writer.mjs', import.meta.url).href,
    runtime: 'worker_threads',
    minThreads: 2,
    maxThreads: 2,
  })
})

afterAll(async () => {
  await pool.destroy()
  layer.cleanup()
})

test.each([3, 2] as const)(
  'tinypool threads write realizations concurrently into one v%i store',
  async (zarrFormat) => {
    const path = store()
    const [realizations, stations, days] = [8, 3, 365]
    const created = await createDataset(path, {
      zarrFormat,
      dims: { realization: realizations, station: stations, day: days },
      variables: {
        tas: { dtype: 'float32', dims: ['realization', 'station', 'day'], codec: { name: 'zstd' } },
      },
    })
    await created.close()

    const results = await Promise.all(
      Array.from({ length: realizations }, (_, realization) =>
        pool.run({ entry: layer.entry, path, realization, days, stations }),
      ),
    )
    expect(results.map((r: { realization: number }) => r.realization)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7,
    ])

    const chunkFiles = readdirSync(join(path, 'tas'), { recursive: true })
      .map(String)
      .filter(
        (f) => !f.startsWith('.') && f !== 'zarr.json' && statSync(join(path, 'tas', f)).isFile(),
      )
    expect(chunkFiles).toHaveLength(realizations)
    await using ds = await openDataset(path)
    for (const realization of [0, 5, 7]) {
      const { data } = await ds.read('tas', { realization, station: 2, day: { start: 360 } })
      const base = realization * 1_000_000 + 2 * days
      expect(Array.from(data)).toEqual([360, 361, 362, 363, 364].map((d) => base + d))
    }
  },
)
