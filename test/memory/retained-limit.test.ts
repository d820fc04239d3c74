import { expect, test } from 'vitest'
import { isMemoryError, type MemoryFixture, withMemory } from '../../fixtures/memory.js'

// `memory.limitRetainedMemory` on both sides of a 16 MB limit, with allocations of known
// size held past the test's end, and what `report.json`'s `retainedHeap` (JS heap only)
// would say for the same test: the two figures are different on purpose.

const MB = 1024 * 1024
const LIMIT = '16 MB'

/** Runs the fixture around `keep`; returns its error and the JS heap growth it saw. */
async function retain(keep: () => unknown): Promise<{ error: unknown; heapGrowth: number }> {
  let held: unknown
  let heapGrowth = 0
  let error: unknown
  try {
    await withMemory('retained-limit-test', async (memory: MemoryFixture) => {
      memory.limitRetainedMemory(LIMIT)
      const heapBefore = process.memoryUsage().heapUsed
      held = keep()
      heapGrowth = process.memoryUsage().heapUsed - heapBefore
    })
  } catch (caught) {
    error = caught
  }
  expect(held).toBeDefined() // still referenced here, so it was retained at teardown
  return { error, heapGrowth }
}

function keptMegabytes(error: unknown): number {
  if (!isMemoryError(error, 'MemoryLimitError')) throw new Error(`no MemoryLimitError: ${error}`)
  expect(error.limit).toBe('retained')
  expect(error.limitBytes).toBe(16 * MB)
  return error.measuredBytes / MB
}

test('a Buffer of 8 MB kept under a 16 MB limit passes', async () => {
  const { error } = await retain(() => Buffer.alloc(8 * MB, 1))
  expect(error).toBeUndefined()
})

test('a Buffer of 24 MB kept over a 16 MB limit fails, though the JS heap barely grew', async () => {
  const { error, heapGrowth } = await retain(() => Buffer.alloc(24 * MB, 1))
  expect(keptMegabytes(error)).toBeGreaterThan(23)
  expect(keptMegabytes(error)).toBeLessThan(26)
  expect((error as Error).message).toMatch(
    /^Test was limited to 16\.0 MB of retained memory but kept 2[345]\.\d MB \(JS heap \+ ArrayBuffers after a forced GC; report\.json's `retainedHeap` counts the JS heap only\)$/,
  )
  // What report.json's retainedHeap measures: the Buffer's bytes are not on the JS heap.
  expect(heapGrowth).toBeLessThan(2 * MB)
})

test('a Float64Array of 8 MB passes and one of 24 MB fails the same limit', async () => {
  expect((await retain(() => new Float64Array((8 * MB) / 8).fill(1))).error).toBeUndefined()
  const { error } = await retain(() => new Float64Array((24 * MB) / 8).fill(1))
  expect(keptMegabytes(error)).toBeGreaterThan(23)
  expect(keptMegabytes(error)).toBeLessThan(26)
})

test('JS heap objects count too: 24 MB of numbers in arrays fails', async () => {
  // 3 arrays of 1 Mi doubles: 8 MB each of heap backing store.
  const { error, heapGrowth } = await retain(() =>
    Array.from({ length: 3 }, () => new Array<number>(MB).fill(0.5)),
  )
  expect(heapGrowth).toBeGreaterThan(23 * MB)
  expect(keptMegabytes(error)).toBeGreaterThanOrEqual(23)
})
