import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  plugins: [leakguard({ outDir: '../../../.leakguard/incident-before', gc: true })],
  test: { include: ['*.test.ts'], testTimeout: 120_000 },
})
