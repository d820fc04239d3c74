import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDataset } from 'leakguard'
import { test } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'leakguard-cli-e2e-'))
const spec = {
  dims: { day: 365 },
  variables: { tas: { dtype: 'float32' as const, dims: ['day'] } },
}

test('closes its store', async () => {
  await using ds = await createDataset(join(dir, 'closed.zarr'), spec)
  await ds.write('tas', new Float32Array(365).fill(1))
})

test('forgets to close its store', async () => {
  const ds = await createDataset(join(dir, 'ensemble_daily.zarr'), spec)
  await ds.write('tas', new Float32Array(365).fill(2))
})

test('peaks at 200 MB inside one call', () => {
  Buffer.alloc(200 * 1024 * 1024, 1)
})
