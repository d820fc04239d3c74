import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDataset } from 'leakguard'
import { test } from 'vitest'

test('passes', () => {})

test('leaks a store', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'leakguard-unwritable-'))
  await createDataset(join(dir, 'left-open.zarr'), {
    dims: { x: 4 },
    variables: { v: { dtype: 'float32', dims: ['x'] } },
  })
})
