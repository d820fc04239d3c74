import { describe, expect, test } from 'vitest'
import { startAllocationMeter } from '../../src/memory/allocation-meter.js'
import { getForcedGc } from '../../src/memory/force-gc.js'

const MB = 1024 ** 2
const heapUsed = () => process.memoryUsage().heapUsed

/** Allocates about `mb` MB of small objects and keeps `keepMb` MB of doubles. */
function work(mb: number, keepMb: number, kept: unknown[]): void {
  let garbage: unknown[] = []
  for (let i = 0; i < (mb * MB) / 48; i++) garbage.push({ i, s: `x${i % 50}` })
  garbage = []
  if (keepMb > 0) kept.push(Array.from({ length: (keepMb * MB) / 8 }, (_, i) => i + 0.5))
  expect(garbage).toHaveLength(0)
}

describe('startAllocationMeter', () => {
  // The guarantee gc: 'auto' rests on: retained heap measured with forced GCs at both
  // ends never exceeds what the meter says was allocated, whatever GCs ran in between.
  test.each([
    [0.2, 0],
    [4, 0],
    [12, 2],
    [40, 0],
    [40, 8],
  ])('allocating ~%d MB, keeping %d MB: exact retained ≤ metered allocation', (mb, keepMb) => {
    const gc = getForcedGc()
    const kept: unknown[] = []
    gc()
    const exactStart = heapUsed()
    const meter = startAllocationMeter()
    const start = heapUsed()
    work(mb, keepMb, kept)
    const allocated = meter.stop(start, heapUsed())
    gc()
    const retained = heapUsed() - exactStart
    expect(retained).toBeLessThanOrEqual(allocated)
    // The kept array is really there, so the check above is not vacuous.
    if (keepMb > 0) expect(retained).toBeGreaterThan(keepMb * MB * 0.9)
  })
})
