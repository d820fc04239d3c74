import { expect, test } from 'vitest'

const MB = 1024 * 1024
// Module-level: what each test puts here outlives it, as a forgotten cache would.
const kept: number[][] = []

for (let i = 1; i <= 7; i++) {
  test(`keeps 3 MB more, #${i}`, () => {
    // A packed double array: 8 bytes per element on the JS heap.
    kept.push(Array.from({ length: (3 * MB) / 8 }, (_, j) => j + 0.5))
    expect(kept).toHaveLength(i)
  })
}
