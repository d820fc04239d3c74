import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  plugins: [leakguard({ outDir: '../../../.leakguard/incident-after', gc: true })],
  test: { include: ['*.test.ts'], testTimeout: 120_000 },
})
