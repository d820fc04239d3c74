import { defineConfig } from 'vitest/config'
import { leakguard } from './dist/plugin/index.js'

// leakguard's own suite, run under its own plugin (the built one: `npm test` builds first)
// with every built-in handle kind on, so a leak in leakguard's tests or in leakguard itself fails
// here as it would in a user's suite. The projects under test/e2e/projects are fixtures
// that the e2e tests run in their own vitest processes; they are not collected here.
export default defineConfig({
  plugins: [
    leakguard({
      outDir: 'tmp/leakguard',
      // Every kind but the two library kinds: their unit tests (test/handles/kinds/)
      // install them on leakguard's own devDependency copies, and a second install by the
      // plugin would track each of those opens twice.
      track: [
        'file',
        'fd',
        'stream',
        'watcher',
        'server',
        'child-process',
        'worker',
        'socket',
        'dgram',
        'interval',
      ],
    }),
  ],
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/e2e/projects/**'],
    reporters: ['default', 'json'],
    outputFile: { json: 'tmp/vitest-report.json' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
