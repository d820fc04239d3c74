import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

// Interrupted by the e2e driver (SIGINT to the vitest main process) while the last test
// waits; the report must still be written, marked incomplete.
export default defineConfig({ plugins: [leakguard()], test: { testTimeout: 60_000 } })
