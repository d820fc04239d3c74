import { test } from 'vitest'

const MB = 1024 * 1024

/** Allocates and touches `size` bytes in one synchronous call, then drops them. */
function spike(size: number): number {
  const buffer = Buffer.alloc(size, 1)
  return buffer[size - 1] ?? 0
}

// Kept alive on purpose: the retained-heap test's 64 MB must survive its forced GC.
const kept: number[][] = []

test('control: allocates nothing', () => {})

test('spike of 80 MB stays under the 100 MB limit', () => {
  spike(80 * MB)
})

test('spike of 150 MB passes the 100 MB limit', () => {
  spike(150 * MB)
})

test('transient 300 MB peak inside one synchronous call', () => {
  spike(300 * MB)
})

test('retains 64 MB of heap', () => {
  // 64 arrays of 128 Ki doubles (1 MB each): 64 MB of JS heap, built in small steps so
  // the transient peak stays near 64 MB too.
  for (let i = 0; i < 64; i++) kept.push(new Array<number>(MB / 8).fill(0.5))
})

test('drops an open store without closing it', async () => {
  const { mkdtempSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const { createDataset } = await import('leakguard')
  // Not kept: the forced GC at the end of the test collects it while still open.
  await createDataset(join(mkdtempSync(join(tmpdir(), 'leakguard-e2e-')), 'dropped.zarr'), {
    dims: { x: 2 },
    variables: { v: { dtype: 'float32', dims: ['x'] } },
  })
})
