import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

// The e2e driver passes the options as JSON, one bad option per run: vitest must stop
// while loading this config, with leakguard's message, before any test runs.
const options = JSON.parse(process.env.LEAKGUARD_E2E_OPTIONS ?? '{}')
export default defineConfig({ plugins: [leakguard(options)] })
