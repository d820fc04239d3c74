import { afterEach, expect, test } from 'vitest'
import { getForcedGc } from '../../src/memory/force-gc.js'
import { GcStats, type GcStatsEvent } from '../../src/memory/gc-stats.js'

const MB = 1024 * 1024
const gc = getForcedGc()
let stats: GcStats | undefined

afterEach(() => {
  stats?.stop()
  stats = undefined
})

/**
 * Forces a full GC and waits for the event it produces. Node delivers `gc` entries from
 * an unref'd native immediate: an idle event loop delivers them only when something
 * else wakes it, so a short interval keeps it turning meanwhile.
 */
function forcedGcEvent(source: GcStats): Promise<GcStatsEvent> {
  return new Promise((resolve, reject) => {
    const nudge = setInterval(() => undefined, 5)
    const timer = setTimeout(() => {
      clearInterval(nudge)
      reject(new Error('no stats event within 2 s'))
    }, 2_000)
    const off = source.onStats((event) => {
      if (!event.forced) return
      clearTimeout(timer)
      clearInterval(nudge)
      off()
      resolve(event)
    })
    gc()
  })
}

/** 2 MB on the JS heap (a double array), unlike a typed array whose bytes live outside it. */
function twoMegabytes(): number[] {
  return new Array<number>((2 * MB) / 8).fill(0.5)
}

test('flags a heap that grows by 2 MB across 5 consecutive full GCs', async () => {
  stats = new GcStats({ growthGcs: 5, minGrowthBytes: MB }).start()
  const held: number[][] = []
  const baseline = await forcedGcEvent(stats)
  const events: GcStatsEvent[] = []
  for (let round = 0; round < 8; round++) {
    held.push(twoMegabytes())
    events.push(await forcedGcEvent(stats))
  }
  expect(events.map((e) => e.consecutiveGrowth)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
  expect(events.map((e) => e.growing)).toEqual([false, false, false, false, true, true, true, true])
  const last = events[7]!
  // 8 × 2 MB held; the worker's own allocations between the GCs (vitest's, leakguard's)
  // move the after-GC heap by a few hundred KB either way (seen: 16.68 MB, and under 16).
  expect(last.growthBytes).toBeGreaterThanOrEqual(15.5 * MB)
  expect(last.growthBytes).toBeLessThan(17.5 * MB)
  expect(last.usedHeapAfterGc - baseline.usedHeapAfterGc).toBe(last.growthBytes)
  expect(last.fullGcCount).toBe(baseline.fullGcCount + 8)
  expect(last.totalGcCount).toBeGreaterThanOrEqual(last.fullGcCount)
  expect(held).toHaveLength(8)
})

test('stays quiet on a sawtooth that returns to its floor', async () => {
  stats = new GcStats({ growthGcs: 5, minGrowthBytes: MB }).start()
  await forcedGcEvent(stats)
  const events: GcStatsEvent[] = []
  for (let round = 0; round < 8; round++) {
    let spike: number[] | undefined = twoMegabytes()
    events.push(await forcedGcEvent(stats))
    expect(spike).toHaveLength((2 * MB) / 8)
    spike = undefined
    events.push(await forcedGcEvent(stats))
  }
  expect(events.some((e) => e.growing)).toBe(false)
  expect(Math.max(...events.map((e) => e.consecutiveGrowth))).toBe(1)
})

test('ignores growth below minGrowthBytes', async () => {
  stats = new GcStats({ growthGcs: 2, minGrowthBytes: 4 * MB }).start()
  const held: number[][] = []
  await forcedGcEvent(stats)
  const events: GcStatsEvent[] = []
  for (let round = 0; round < 4; round++) {
    held.push(twoMegabytes())
    events.push(await forcedGcEvent(stats))
  }
  expect(events.map((e) => e.consecutiveGrowth)).toEqual([0, 0, 0, 0])
  expect(held).toHaveLength(4)
})

test('reports nothing once stopped', async () => {
  stats = new GcStats().start()
  await forcedGcEvent(stats)
  stats.stop()
  expect(stats.running).toBe(false)
  const seen: GcStatsEvent[] = []
  stats.onStats((event) => seen.push(event))
  gc()
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(seen).toEqual([])
})

test('rejects options out of range with the option named', () => {
  expect(() => new GcStats({ growthGcs: 0 })).toThrow(
    'Expected `growthGcs` to be a positive integer, got `0` (number)',
  )
  expect(() => new GcStats({ minGrowthBytes: -1 })).toThrow(
    'Expected `minGrowthBytes` to be a size in bytes ≥ 0, got `-1` (number)',
  )
})
