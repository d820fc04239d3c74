import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { createDataset, type Dataset } from '../../src/dataset/index.js'
import { formatHeapDiff, heapDiffAround } from '../../src/memory/heap-diff/index.js'

const leaked: Dataset[] = []
let dir: string | undefined

afterEach(async () => {
  for (const ds of leaked.splice(0)) await ds.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

test('a real Dataset left open and referenced shows up as Dataset', async () => {
  dir = await mkdtemp(join(tmpdir(), 'leakguard-heap-'))
  const root = dir
  const spec = {
    dims: { day: 365 },
    variables: { tas: { dtype: 'float32' as const, dims: ['day'] } },
  }
  // One dataset before the diff, so that module loading and first-use caches of the
  // dataset layer are not what the diff sees.
  leaked.push(await createDataset(join(root, 'warm.zarr'), spec))
  const { diff } = await heapDiffAround(async () => {
    for (let i = 0; i < 3; i++) leaked.push(await createDataset(join(root, `${i}.zarr`), spec))
  })
  const row = diff.added.find((entry) => entry.constructor === 'Dataset')
  expect(row?.count).toBe(3)
  // Each handle retains its metadata and open-site record: kilobytes, not megabytes.
  expect(formatHeapDiff(diff, 50)).toContainEqual(expect.stringMatching(/^\+3 Dataset \d+\.\d KB$/))
})
