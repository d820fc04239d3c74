import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

test('HeapDiff and GcStats work in a worker thread and in a forked child', () => {
  const run = spawnSync(
    process.execPath,
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      '--config',
      'test/heap/pools/vitest.config.ts',
      '--reporter',
      'verbose',
    ],
    { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1' } },
  )
  const output = run.stdout + run.stderr
  expect(output).toContain('✓ |threads| leak.pool.ts > a heap diff finds 1,000 leaked instances')
  expect(output).toContain('✓ |forks| leak.pool.ts > a heap diff finds 1,000 leaked instances')
  expect(output).toMatch(/Tests\s+6 passed \(6\)/)
  expect(run.status).toBe(0)
})
