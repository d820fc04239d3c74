import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDataset } from 'leakguard'
import { expect, test } from 'vitest'

test('the user runner still runs', () => {
  const marked = (globalThis as { markedByUserRunner?: string[] }).markedByUserRunner
  expect(marked).toEqual(['the user runner still runs'])
})

test('leakguard still catches a leak', async () => {
  await createDataset(join(mkdtempSync(join(tmpdir(), 'leakguard-e2e-')), 'runner.zarr'), {
    dims: { x: 2 },
    variables: { v: { dtype: 'float32', dims: ['x'] } },
  })
})
