import { isMainThread } from 'node:worker_threads'
import { expect, test } from 'vitest'
import { getForcedGc } from '../../../src/memory/force-gc.js'
import { GcStats } from '../../../src/memory/gc-stats.js'
import { heapDiffAround } from '../../../src/memory/heap-diff/index.js'

class PoolLeak {
  readonly payload = [1.5, 2.5, 3.5]
}
const leaked: PoolLeak[] = []

test('runs where the pool says', () => {
  expect(isMainThread).toBe(process.env.EXPECT_MAIN_THREAD === 'yes')
})

test('a heap diff finds 1,000 leaked instances', async () => {
  const { diff } = await heapDiffAround(() => {
    for (let i = 0; i < 1_000; i++) leaked.push(new PoolLeak())
  })
  expect(diff.added.find((entry) => entry.constructor === 'PoolLeak')?.count).toBe(1_000)
})

test('GcStats sees a forced GC', async () => {
  const stats = new GcStats().start()
  const seen: boolean[] = []
  const event = await new Promise<{ forced: boolean; fullGcCount: number }>((resolve) => {
    const nudge = setInterval(() => undefined, 5)
    stats.onStats((e) => {
      seen.push(e.forced)
      // Under load V8 may run a natural full GC first: wait for the forced one.
      if (!e.forced) return
      clearInterval(nudge)
      resolve(e)
    })
    getForcedGc()()
  })
  stats.stop()
  expect(seen.at(-1)).toBe(true)
  expect(event.fullGcCount).toBeGreaterThanOrEqual(seen.length)
})
