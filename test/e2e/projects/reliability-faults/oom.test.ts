import { test } from 'vitest'

test('passes before the heap runs out', () => {})

test('runs out of heap (V8 fatal error, the process aborts)', () => {
  // Small objects kept alive until the 96 MB old space is full: V8 aborts the process
  // with "Reached heap limit", as it would under a container's memory limit.
  const kept: number[][] = []
  for (;;) kept.push(Array.from({ length: 1000 }, (_, i) => i + kept.length))
})
