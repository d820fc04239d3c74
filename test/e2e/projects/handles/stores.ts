import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDataset, type Dataset } from 'leakguard'

const dir = mkdtempSync(join(tmpdir(), 'leakguard-e2e-'))
let next = 0

/** Creates a tiny real Zarr store and returns it open (tracked). */
export function makeStore(name: string): Promise<Dataset> {
  return createDataset(join(dir, `${name}-${next++}.zarr`), {
    dims: { x: 4 },
    variables: { v: { dtype: 'float32', dims: ['x'] } },
  })
}

/** A store that exists on disk and is closed, to open again. */
export async function closedStorePath(name: string): Promise<string> {
  const ds = await makeStore(name)
  await ds.close()
  return ds.path
}
