import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDataset, type Dataset, openDataset } from 'leakguard'
import { expect } from 'vitest'

const COUNT = 300
const spec = {
  dims: { day: 64 },
  variables: { v: { dtype: 'float32' as const, dims: ['day'], chunks: [16] } },
}

/**
 * Creates COUNT stores at once (each written, 4 chunk files), closes them, opens all COUNT
 * again at once, reads each back, then closes all but `keepOpen` of them. Returns the
 * ones left open.
 */
export async function burst(name: string, keepOpen: number): Promise<Dataset[]> {
  const dir = mkdtempSync(join(tmpdir(), `leakguard-load-${name}-`))
  const data = Float32Array.from({ length: 64 }, (_, i) => i)
  const created = await Promise.all(
    Array.from({ length: COUNT }, async (_, i) => {
      const ds = await createDataset(join(dir, `${i}.zarr`), spec)
      await ds.write('v', data)
      return ds
    }),
  )
  await Promise.all(created.map((ds) => ds.close()))
  const opened = await Promise.all(created.map((ds) => openDataset(ds.path)))
  const sums = await Promise.all(
    opened.map(async (ds) =>
      Array.from((await ds.read('v')).data, Number).reduce((a, b) => a + b, 0),
    ),
  )
  expect(new Set(sums)).toEqual(new Set([(63 * 64) / 2]))
  await Promise.all(opened.slice(keepOpen).map((ds) => ds.close()))
  return opened.slice(0, keepOpen)
}
