import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { failedTests, runVitest } from './run-vitest.js'

test('a project with its own test.runner keeps it, composed with leakguard', async () => {
  const run = await runVitest('user-runner')
  expect(run.exitCode).toBe(1)
  // The user's runner ran (its test checks what the runner recorded) and leakguard judged.
  expect(failedTests(run.json)).toEqual(['leakguard still catches a leak'])
  expect(run.output).toContain(
    'Test "leakguard still catches a leak" (runner.test.ts) left 1 handle',
  )
  const composed = readFileSync(join(run.outDir, 'composed-runner.mjs'), 'utf8')
  expect(composed).toContain('marking-runner.ts')
})
