import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDataset, type Dataset } from 'leakguard'

const dir = mkdtempSync(join(tmpdir(), 'leakguard-compat-'))
let next = 0

/** Creates a tiny real Zarr store and returns it open (tracked). */
export function makeStore(name: string): Promise<Dataset> {
  return createDataset(join(dir, `${name}-${next++}.zarr`), {
    dims: { x: 4 },
    variables: { v: { dtype: 'float32', dims: ['x'] } },
  })
}
