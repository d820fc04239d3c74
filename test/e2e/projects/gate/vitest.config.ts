import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

// The plugin's own gate: plain `vitest run` fails on a memory regression.
export default defineConfig({
  plugins: [
    leakguard({ gate: true, gc: true, baseline: process.env.GATE_BASELINE ?? 'absent.json' }),
  ],
  test: { include: ['*.test.ts'] },
})
