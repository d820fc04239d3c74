import { expect, test } from 'vitest'
import { runVitest } from './run-vitest.js'

test('a handle opened by a callback after its test ended is reported against the file, naming that test', async () => {
  const run = await runVitest('late-callback')
  expect(run.exitCode).toBe(1)
  const [scope] = run.report.scopes
  expect(scope?.scope).toBe('file')
  expect(scope?.leaks.map((leak) => leak.label.split('/').at(-1))).toEqual(['late.zarr'])
  expect(run.output).toMatch(
    /note: h\d+ was opened by a callback of test "concurrent > A leaves a timer behind" after that test had ended/,
  )
  // Neither test is blamed for it.
  expect(run.report.tests.map((t) => t.status)).toEqual(['ok', 'ok'])
}, 60_000)
