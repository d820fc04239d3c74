import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

// The e2e driver makes .leakguard/report.json immutable (chattr +i) before the run, so
// writing the new report fails; the run must say so clearly and keep the old report.
export default defineConfig({ plugins: [leakguard()] })
