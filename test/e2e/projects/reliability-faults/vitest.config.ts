import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

// Fault injection, one vitest run: a worker that exits, one that runs out of heap, a test
// that times out holding a store, an ensemble whose worker throws. A 96 MB old space makes
// the heap OOM quick; every other test here stays far below it.
export default defineConfig({
  plugins: [leakguard({ gc: true })],
  test: { execArgv: ['--max-old-space-size=96'], testTimeout: 10_000 },
})
