import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { failedTests, repoRoot, runVitest, siteOf, type VitestRun } from './run-vitest.js'

// The fixtures project, run once with the plugin and once without it: the fixtures
// must catch the same leak and enforce the same limits either way.
let withPlugin: VitestRun
let withoutPlugin: VitestRun
/** What the with-plugin run left for people and the CLI, read before the other run clears it. */
let summary: string
let analyze: CliRun
let gate: CliRun
beforeAll(async () => {
  withPlugin = await runVitest('fixtures')
  summary = readFileSync(join(withPlugin.outDir, 'summary.md'), 'utf8')
  analyze = leakguardCli(['analyze', 'memory.jsonl'])
  const baseline = join(mkdtempSync(join(tmpdir(), 'leakguard-e2e-')), 'baseline.json')
  const update = leakguardCli(['gate', '--update', '--baseline', baseline, 'report.json'])
  if (update.code !== 0) throw new Error(`gate --update failed: ${update.lines.join('\n')}`)
  gate = leakguardCli(['gate', '--baseline', baseline, 'report.json'])
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

  test('the multisite fixture writes under workdir, and an explicit root wins', () => {
    const results = run()
      .json.testResults.flatMap((file) => file.assertionResults)
      .filter((result) => result.fullName.includes('root'))
    expect(results.map((result) => [result.fullName, result.status])).toEqual([
      ['the multisite fixture writes under workdir when no root is given', 'passed'],
      ['an explicit root wins over workdir', 'passed'],
    ])
  })

  test('memory.limit and memory.limitRetainedMemory report the limit and the figure', () => {
    // The peak is the kernel high-water mark minus the RSS at the test's start: pages the
    // worker returned after the start (GC) make it a little less than the 160 MB spiked.
    const output = run().output
    expect(output).toMatch(
      /MemoryLimitError: Test was limited to 100\.0 MB but peaked at (?:15[5-9]|16\d)\.\d MB above its start \(kernel high-water mark\)/,
    )
    expect(output).toMatch(
      /MemoryLimitError: Test was limited to 32\.0 MB of retained memory but kept 6\d\.\d MB \(JS heap \+ ArrayBuffers after a forced GC; report\.json's `retainedHeap` counts the JS heap only\)/,
    )
  })
})

interface CliRun {
  code: number | null
  lines: string[]
}

/** `leakguard <args>` in the with-plugin run's output directory. */
function leakguardCli(args: string[]): CliRun {
  const run = spawnSync(process.execPath, [join(repoRoot, 'dist/src/cli/main.js'), ...args], {
    cwd: withPlugin.outDir,
    encoding: 'utf8',
  })
  return { code: run.status, lines: `${run.stdout}${run.stderr}`.split('\n') }
}

describe('with the plugin, a leak the multisite fixture caught', () => {
  const name = 'leaks a dataset it opened itself'
  const site = () => siteOf('fixtures', 'multisite.test.ts', 'await openDataset(')

  test('fails the test once, by the fixture, not again by the plugin', () => {
    const leakFailure = withPlugin.json.testResults
      .flatMap((file) => file.assertionResults)
      .find((result) => result.fullName === name)
    // vitest 4.1 lists a fixture-teardown error twice; both must be the fixture's own.
    const messages = leakFailure?.failureMessages ?? []
    expect(messages.length).toBeGreaterThan(0)
    for (const message of messages) {
      expect(message).toContain('reported by the `multisite` fixture')
      expect(message.match(/HandleLeakError/g)).toHaveLength(1)
    }
    const headline = `Test "${name}" (multisite.test.ts) left 1 handle open after its teardown:`
    // vitest prints each distinct error of a test once: one HandleLeakError, the fixture's.
    expect(withPlugin.output.split(`HandleLeakError: ${headline}`)).toHaveLength(2)
  })

  test('is in report.json as a leak, with its open site, and blamed on no scope', () => {
    const row = withPlugin.report.tests.find((test) => test.name === name)
    expect(row).toMatchObject({ state: 'fail', status: 'leak' })
    expect(row?.leaks.map((leak) => [leak.kind, leak.openedAt, leak.state])).toEqual([
      ['dataset', site(), 'open'],
    ])
    expect(row?.leaks[0]?.label).toMatch(/\/ensemble\/ensemble\.zarr$/)
    expect(row?.leaks[0]?.sourceLine).toContain('const extra = await openDataset(')
    const id = row?.leaks[0]?.id
    const everywhere = [...withPlugin.report.tests, ...withPlugin.report.scopes].flatMap((owner) =>
      owner.leaks.map((leak) => leak.id),
    )
    expect(everywhere.filter((leakId) => leakId === id)).toHaveLength(1)
    expect(withPlugin.report.scopes).toEqual([])
  })

  test('is in summary.md, in analyze, and fails the gate', () => {
    expect(summary).toContain(name)
    expect(summary).toContain(`opened at \`${site()}\``)
    expect(analyze.code).toBe(1)
    expect(
      analyze.lines.filter((line) => line.includes(`"${name}"`) && line.includes(site())),
    ).toHaveLength(1)
    expect(gate.code).toBe(1)
    expect(gate.lines.filter((line) => line.startsWith('ERROR: '))).toEqual([
      expect.stringMatching(new RegExp(`^ERROR: test "${name}" left 1 handle open: .*${site()}`)),
    ])
  })
})
