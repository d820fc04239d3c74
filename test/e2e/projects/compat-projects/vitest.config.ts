import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

// One config, two vitest projects, each with its own leakguard(): one report.json for the
// run whose tests carry the project they ran in.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [leakguard()],
        test: { name: 'alpha', include: ['alpha/**/*.test.ts'] },
      },
      {
        plugins: [leakguard({ memoryLimit: '100 MB' })],
        test: { name: 'beta', include: ['beta/**/*.test.ts'], pool: 'threads' },
      },
    ],
  },
})
