import { expect, test } from 'vitest'

const MB = 1024 * 1024
const retainMb = Number(process.env.GATE_RETAIN_MB ?? '0')
const kept: number[][] = []

test('steady: allocates and frees 8 MB', () => {
  const temporary = Array.from({ length: MB }, (_, i) => i + 0.5)
  expect(temporary).toHaveLength(MB)
})

test('retains what GATE_RETAIN_MB says', () => {
  // A packed double array: 8 bytes per element on the JS heap.
  kept.push(Array.from({ length: (retainMb * MB) / 8 }, (_, i) => i + 0.5))
  expect(kept).toHaveLength(1)
})
