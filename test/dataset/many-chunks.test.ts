import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { createDataset, MAX_CHUNK_IO, openDataset } from '../../src/dataset/index.js'
import { useTempStores } from './temp-store.js'

const store = useTempStores()

function openFds(): number {
  return readdirSync('/proc/self/fd').length
}

/** Runs `work` while sampling this process's open file descriptors; returns the peak seen. */
async function peakFdsDuring(work: () => Promise<unknown>): Promise<number> {
  let peak = openFds()
  const sampler = setInterval(() => {
    peak = Math.max(peak, openFds())
  }, 2)
  try {
    await work()
  } finally {
    clearInterval(sampler)
  }
  return peak
}

test('3,000 chunks write and read back through the bounded queue, with open fds bounded', async () => {
  const path = store()
  const [rows, cols] = [3000, 8]
  const data = Float32Array.from({ length: rows * cols }, (_, i) => i)
  const ds = await createDataset(path, {
    dims: { row: rows, col: cols },
    variables: { v: { dtype: 'float32', dims: ['row', 'col'], chunks: [1, cols] } },
  })
  const baseline = openFds()
  const writePeak = await peakFdsDuring(() => ds.write('v', data))
  await ds.close()
  expect(readdirSync(join(path, 'v', 'c'))).toHaveLength(rows)

  await using reopened = await openDataset(path)
  let read: Float32Array | undefined
  const readPeak = await peakFdsDuring(async () => {
    read = (await reopened.read('v')).data as Float32Array
  })
  expect(read).toEqual(data)
  expect(reopened.cachedChunks).toBe(rows)
  // Unbounded, zarrita opens one fd per chunk at once (about 3,000 here).
  // Bounded, at most MAX_CHUNK_IO chunk files are open, plus slack for vitest's own.
  expect(writePeak - baseline).toBeLessThanOrEqual(MAX_CHUNK_IO + 16)
  expect(readPeak - baseline).toBeLessThanOrEqual(MAX_CHUNK_IO + 16)
})
