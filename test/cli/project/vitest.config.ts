import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

// The e2e project of the CLI tests: a real plugin run whose report and log the CLI reads.
// Its files end in .spec.ts so leakguard's own suite does not collect them.
export default defineConfig({
  plugins: [leakguard({ gc: true })],
  test: { include: ['*.spec.ts'] },
})
