import { defineConfig } from 'vitest/config'

// leakguard's own suite. The projects under test/e2e/projects are fixtures that the
// e2e tests run in their own vitest processes; they are not collected here.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/e2e/projects/**'],
    reporters: ['default', 'json'],
    outputFile: { json: 'tmp/vitest-report.json' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
