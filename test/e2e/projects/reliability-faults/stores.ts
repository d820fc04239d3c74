import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDataset, type Dataset } from 'leakguard'

/** A fresh temp directory for this worker's stores. */
export const scratch = mkdtempSync(join(tmpdir(), 'leakguard-faults-'))

/** Creates a tiny real Zarr store and returns it open (tracked). */
export function makeStore(name: string): Promise<Dataset> {
  return createDataset(join(scratch, `${name}.zarr`), {
    dims: { x: 4 },
    variables: { v: { dtype: 'float32', dims: ['x'] } },
  })
}
