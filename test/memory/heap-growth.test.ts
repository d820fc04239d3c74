import { describe, expect, test } from 'vitest'
import { findHeapGrowth } from '../../src/memory/heap-growth.js'
import type { TestGcEvent } from '../../src/report/log-events.js'
import { describeHeapGrowth, workerReports } from '../../src/report/worker-gc.js'

const MB = 1024 ** 2
const threshold = { consecutive: 5, minGrowthBytes: MB }
/** Heap after GC that rises by `step` after each of `rises` tests, from 50 MB. */
const rising = (rises: number, step: number) =>
  Array.from({ length: rises + 1 }, (_, i) => 50 * MB + i * step)

describe('findHeapGrowth: memwatch leak semantics', () => {
  test('5 rises in a row of 2 MB warn; 4 do not', () => {
    expect(findHeapGrowth(rising(5, 2 * MB), threshold)).toEqual({
      rises: 5,
      firstIndex: 0,
      lastIndex: 5,
      bytes: 10 * MB,
    })
    expect(findHeapGrowth(rising(4, 2 * MB), threshold)).toBeUndefined()
  })

  test('a rise of 1 MB + 1 byte counts; of exactly 1 MB it is noise', () => {
    expect(findHeapGrowth(rising(5, MB + 1), threshold)?.rises).toBe(5)
    expect(findHeapGrowth(rising(5, MB), threshold)).toBeUndefined()
  })

  test('one fall ends the streak: a sawtooth never warns', () => {
    const saw = [...rising(4, 2 * MB), 50 * MB, ...rising(4, 2 * MB)]
    expect(findHeapGrowth(saw, threshold)).toBeUndefined()
    // The longest streak is the one reported.
    const later = [...rising(5, 2 * MB), ...rising(7, 2 * MB)]
    expect(findHeapGrowth(later, threshold)).toMatchObject({ rises: 7, firstIndex: 6 })
  })
})

function line(i: number, heap: number | null, fullGcCount: number, pid = 10): TestGcEvent {
  return {
    type: 'test-gc',
    time: 1000 + i,
    pid,
    thread: 0,
    id: `t${i}`,
    file: 'grows.test.ts',
    name: `test ${i}`,
    gcCount: fullGcCount * 3,
    fullGcCount,
    gcPauseMs: fullGcCount * 1.5,
    heapAfterGc: heap,
  }
}

describe('workerReports', () => {
  test("a worker's totals, and growth from test to test named by its tests", () => {
    const lines = Array.from({ length: 7 }, (_, i) => line(i, 50 * MB + i * 3 * MB, i + 1))
    const [worker] = workerReports([...lines, line(0, 60 * MB, 4, 11)])
    expect(worker).toEqual({
      pid: 10,
      thread: 0,
      tests: 7,
      gcCount: 21,
      fullGcCount: 7,
      gcPauseMs: 10.5,
      heapAfterGc: 68 * MB,
      growth: {
        tests: 6,
        bytes: 18 * MB,
        from: { file: 'grows.test.ts', name: 'test 0' },
        to: { file: 'grows.test.ts', name: 'test 6' },
      },
    })
    expect(worker && describeHeapGrowth(worker)).toBe(
      'heap after GC grew after 6 tests in a row in worker pid 10, +18.0 MB from "test 0" to "test 6" (grows.test.ts): something kept from test to test (a module-level cache or array) may be leaking',
    )
  })

  test('a test without a new full GC adds no sample, neither a rise nor a fall', () => {
    // Full GCs only after tests 0, 2, 4 …: 4 rises over 9 tests is not growth.
    const lines = Array.from({ length: 9 }, (_, i) =>
      line(i, 50 * MB + Math.floor(i / 2) * 2 * MB, Math.floor(i / 2) + 1),
    )
    const [worker] = workerReports(lines)
    expect(worker?.growth).toBeUndefined()
    expect(worker?.fullGcCount).toBe(5)
  })
})
