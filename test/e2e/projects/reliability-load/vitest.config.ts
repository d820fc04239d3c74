import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

// Two files at once (two forks), each opening hundreds of real stores concurrently. The
// e2e driver runs this under `ulimit -n 256`, macOS's default.
export default defineConfig({
  plugins: [leakguard()],
  test: { fileParallelism: true, maxWorkers: 2 },
})
