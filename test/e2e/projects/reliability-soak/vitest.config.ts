import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

// 500 tests with 2,000 open/close cycles on real stores in one worker process, with a
// forced GC around each test so the first and last tests' heap and RSS compare.
export default defineConfig({ plugins: [leakguard({ gc: true })] })
