import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

// The reference weather generator's tests, ported, under leakguard.
export default defineConfig({
  plugins: [leakguard({ outDir: '../../.leakguard/weather' })],
  test: { include: ['*.test.ts'], testTimeout: 60_000 },
})
