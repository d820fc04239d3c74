import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

// 500 tests with 2,000 open/close cycles on real stores, as two files of 250 in two worker
// processes at once, with a forced GC around each test so each worker's first and last
// tests' heap and RSS compare.
export default defineConfig({
  plugins: [leakguard({ gc: true })],
  test: { fileParallelism: true, maxWorkers: 2 },
})
