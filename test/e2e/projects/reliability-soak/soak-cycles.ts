import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDataset, openDataset } from 'leakguard'
import { beforeAll, expect, test } from 'vitest'

const CYCLES_PER_TEST = 4
const STORES = 8

/**
 * Defines `tests` tests, each opening, reading and closing one of 8 real stores 4 times.
 * Two files of 250 run in two workers at once: 500 tests, 2,000 cycles.
 */
export function soak(tests: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'leakguard-soak-'))
  const paths: string[] = []
  beforeAll(async () => {
    for (let i = 0; i < STORES; i++) {
      await using ds = await createDataset(join(dir, `${i}.zarr`), {
        dims: { day: 256 },
        variables: { v: { dtype: 'float32', dims: ['day'], chunks: [64] } },
      })
      await ds.write('v', new Float32Array(256).fill(i))
      paths.push(ds.path)
    }
  })

  for (let t = 0; t < tests; t++) {
    test(`soak ${String(t).padStart(3, '0')}`, async () => {
      for (let c = 0; c < CYCLES_PER_TEST; c++) {
        const store = (t * CYCLES_PER_TEST + c) % STORES
        await using ds = await openDataset(paths[store] ?? '')
        const { data } = await ds.read('v', { day: { start: 0, stop: 128 } })
        expect(data[127]).toBe(store)
      }
    })
  }
}
