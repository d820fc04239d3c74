import { defineConfig } from 'vitest/config'

// `npm run test:compat`: leakguard installed from its tarball into fresh projects, on
// vitest 4.1 (Node 20) and vitest 5 (Node 22). Kept out of `npm test`: the installs need
// the npm registry and take about a minute the first time.
export default defineConfig({
  test: {
    include: ['test/compat/**/*.compat.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'tmp/vitest-compat-report.json' },
    testTimeout: 120_000,
    hookTimeout: 900_000,
  },
})
