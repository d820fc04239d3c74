import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDataset } from 'leakguard'
import { expect, test } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'leakguard-sigint-'))
const spec = { dims: { x: 4 }, variables: { v: { dtype: 'float32' as const, dims: ['x'] } } }

test('finishes before the interrupt', async () => {
  await using ds = await createDataset(join(dir, 'a.zarr'), spec)
  expect(ds.closed).toBe(false)
})

test('leaks a store, then finishes before the interrupt', async () => {
  await createDataset(join(dir, 'b.zarr'), spec)
})

test('is still running when interrupted', async () => {
  // The driver sends SIGINT once this test's start line is in the worker log.
  await new Promise((resolve) => setTimeout(resolve, 30_000))
})
