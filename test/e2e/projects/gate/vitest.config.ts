import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

// The plugin's own gate: plain `vitest run` fails on a memory regression. No `gc`: gate: true
// measures retained heap with gc: 'auto' (a bound, or a forced GC where a test allocated past the floor).
export default defineConfig({
  plugins: [leakguard({ gate: true, baseline: process.env.GATE_BASELINE ?? 'absent.json' })],
  test: { include: ['*.test.ts'] },
})
