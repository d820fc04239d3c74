import { expect, test } from 'vitest'

const MB = 1024 * 1024
const retainMb = Number(process.env.GATE_RETAIN_MB ?? '0')
const smallMb = Number(process.env.GATE_SMALL_MB ?? '1')
const kept: number[][] = []

// First in the file: no test ends with a forced GC before it, so when it allocates past
// the floor its figure is a lower bound (gc: 'auto'); below the floor it is a bound.
test('small: retains GATE_SMALL_MB', () => {
  kept.push(Array.from({ length: (smallMb * MB) / 8 }, (_, i) => i + 0.25))
  expect(kept).toHaveLength(1)
})

test('steady: allocates and frees 8 MB', () => {
  const temporary = Array.from({ length: MB }, (_, i) => i + 0.5)
  expect(temporary).toHaveLength(MB)
})

test('retains what GATE_RETAIN_MB says', () => {
  // A packed double array: 8 bytes per element on the JS heap.
  kept.push(Array.from({ length: (retainMb * MB) / 8 }, (_, i) => i + 0.5))
  expect(kept).toHaveLength(2)
})
