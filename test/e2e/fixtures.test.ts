import { beforeAll, describe, expect, test } from 'vitest'
import { failedTests, runVitest, siteOf, type VitestRun } from './run-vitest.js'

// The fixtures project, run once with the plugin and once without it: the fixtures
// must catch the same leak and enforce the same limits either way.
let withPlugin: VitestRun
let withoutPlugin: VitestRun
beforeAll(async () => {
  withPlugin = await runVitest('fixtures')
  withoutPlugin = await runVitest('fixtures', ['--config', 'vitest.noplugin.config.ts'])
}, 240_000)

const expectedFailures = [
  'leaks a dataset it opened itself',
  'peak over the limit',
  'retained over the limit',
]

describe.each([
  ['with the plugin', () => withPlugin],
  ['without the plugin', () => withoutPlugin],
])('leakguard/fixtures %s', (_mode, run) => {
  test('fails exactly the leaking and over-limit tests', () => {
    expect(run().exitCode).toBe(1)
    expect(failedTests(run().json)).toEqual(expectedFailures)
  })

  test('the multisite fixture names the leaked dataset and the line that opened it', () => {
    const site = siteOf('fixtures', 'multisite.test.ts', 'await openDataset(')
    const output = run().output
    expect(output).toContain(
      'HandleLeakError: Test "leaks a dataset it opened itself" (multisite.test.ts) left 1 handle open after its teardown:',
    )
    expect(output).toMatch(
      new RegExp(`- dataset "[^"]+/ensemble/ensemble\\.zarr" \\(h\\d+\\) opened at ${site}`),
    )
    expect(output).toContain('const extra = await openDataset(join(workdir, ')
    expect(output).toContain('or hold it with `await using ds = …`')
  })

  test('memory.limit and memory.limitRetainedMemory report the limit and the figure', () => {
    const output = run().output
    expect(output).toMatch(
      /MemoryLimitError: Test was limited to 100\.0 MB but peaked at 16\d\.\d MB above its start \(kernel high-water mark\)/,
    )
    expect(output).toMatch(
      /MemoryLimitError: Test was limited to 32\.0 MB of retained memory but kept 6\d\.\d MB \(JS heap \+ ArrayBuffers after a forced GC; report\.json's `retainedHeap` counts the JS heap only\)/,
    )
  })
})

test('with the plugin, the leak is failed once, by the fixture, not again by the plugin', () => {
  const leakFailure = withPlugin.json.testResults
    .flatMap((file) => file.assertionResults)
    .find((result) => result.fullName === 'leaks a dataset it opened itself')
  // vitest 4.1 lists a fixture-teardown error twice; both must be the fixture's own.
  const messages = leakFailure?.failureMessages ?? []
  expect(messages.length).toBeGreaterThan(0)
  for (const message of messages) expect(message).toContain('reported by the `multisite` fixture')
})
