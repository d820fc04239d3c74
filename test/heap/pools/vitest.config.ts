import { defineConfig } from 'vitest/config'

// Runs leak.pool.ts in a worker thread and in a forked child, the two vitest pools a
// HeapDiff has to work in. Driven by ../pools.test.ts; not part of the main suite.
export default defineConfig({
  test: {
    // A heap snapshot takes a second or more on a busy 2-core machine.
    testTimeout: 60_000,
    projects: [
      {
        test: {
          name: 'threads',
          root: import.meta.dirname,
          include: ['*.pool.ts'],
          pool: 'threads',
          testTimeout: 60_000,
          env: { EXPECT_MAIN_THREAD: 'no' },
        },
      },
      {
        test: {
          name: 'forks',
          root: import.meta.dirname,
          include: ['*.pool.ts'],
          pool: 'forks',
          testTimeout: 60_000,
          env: { EXPECT_MAIN_THREAD: 'yes' },
        },
      },
    ],
  },
})
