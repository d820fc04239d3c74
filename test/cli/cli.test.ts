import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, test } from 'vitest'
import type { Report } from '../../src/report/model.js'
import { leakEntry, MB, memory, report, testReport } from '../report/make-report.js'

const bin = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url))
const fixture = (name: string): string =>
  fileURLToPath(new URL(`../report/fixtures/${name}`, import.meta.url))

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the built `leakguard` bin as a user would, in `cwd`, with stdout piped (no TTY). */
function leakguard(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const { GITHUB_ACTIONS: _, GITHUB_STEP_SUMMARY: __, ...parentEnv } = process.env
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...parentEnv, ...env },
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

function project(reports: Record<string, Report>): string {
  const dir = mkdtempSync(join(tmpdir(), 'leakguard-cli-'))
  for (const [path, content] of Object.entries(reports)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), JSON.stringify(content))
  }
  return dir
}

const FILE = 'test/ensemble.test.ts'
const NAME = 'ensemble > writes stores'
const baseRun = report([
  testReport(FILE, NAME, memory(96 * MB, 2 * MB)),
  testReport('test/small.test.ts', 'small > one', memory(4 * MB, 0)),
])
const regressed = report([
  testReport(FILE, NAME, memory(412 * MB, 2 * MB)),
  testReport('test/small.test.ts', 'small > one', memory(4 * MB, 0)),
])

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build\` first`)
})

describe('leakguard analyze', () => {
  test('exit 1 when a log shows leaks; warnings and sections on stdout, no colour in a pipe', () => {
    const run = leakguard(
      ['analyze', fixture('worker-a.jsonl'), fixture('worker-b.jsonl')],
      tmpdir(),
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toBe('')
    const lines = run.stdout.split('\n')
    expect(lines[0]).toBe('leakguard analyze: 5 entries from 2 logs')
    expect(lines).toContain(
      '  Likely culprit: "ensemble > writes stores" (test/ensemble.test.ts), +412.0 MB above the test before it',
    )
    expect(lines).toContain(
      '  ⚠ open handles keep growing in pid 102: 1 → 3 across 2 tests (nothing closes them)',
    )
    expect(run.stdout).not.toContain('\u001b[')
  })

  // util-linux `script` runs the command on a pseudo-terminal: the only way to see a TTY.
  test.skipIf(!existsSync('/usr/bin/script'))('colours on a terminal, none with NO_COLOR', () => {
    const onTty = (env: Record<string, string>): string =>
      spawnSync(
        '/usr/bin/script',
        ['-qec', `"${process.execPath}" "${bin}" analyze "${fixture('clean.jsonl')}"`, '/dev/null'],
        { encoding: 'utf8', env },
      ).stdout
    const { NO_COLOR: _, FORCE_COLOR: __, ...plainEnv } = process.env
    expect(onTty(plainEnv as Record<string, string>)).toContain(
      '\u001b[1mleakguard analyze: 2 entries from 1 log',
    )
    expect(onTty({ ...plainEnv, NO_COLOR: '1' } as Record<string, string>)).not.toContain('\u001b[')
  })

  test('exit 0 on a clean log; --spike and --json', () => {
    const run = leakguard(
      ['analyze', fixture('clean.jsonl'), '--spike', '5 MB', '--json'],
      tmpdir(),
    )
    expect(run.code).toBe(0)
    const analysis = JSON.parse(run.stdout)
    expect(analysis).toMatchObject({ entries: 2, leakCount: 0, spikeBytes: 5 * MB })
  })

  test('exit 2 on a bad option', () => {
    const run = leakguard(['analyze', fixture('clean.jsonl'), '--top', '0'], tmpdir())
    expect([run.code, run.stderr]).toEqual([
      2,
      "leakguard: Expected `--top` to be a positive whole number, got `'0'` (string)\n",
    ])
  })

  test('exit 2 on a missing log (the default one) or a log with nothing parseable', () => {
    const empty = mkdtempSync(join(tmpdir(), 'leakguard-cli-'))
    expect(leakguard(['analyze'], empty)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'leakguard: cannot read .leakguard/memory.jsonl: no such file\n',
    })
    writeFileSync(join(empty, 'junk.jsonl'), 'not json\n')
    const junk = leakguard(['analyze', 'junk.jsonl'], empty)
    expect(junk.code).toBe(2)
    expect(junk.stderr).toBe('leakguard: no leakguard event in junk.jsonl\n')
  })
})

describe('leakguard gate', () => {
  test('--update records the baseline, byte-identical when run twice; then the gate passes', () => {
    const dir = project({ '.leakguard/report.json': baseRun })
    expect(leakguard(['gate', '--update'], dir)).toEqual({
      code: 0,
      stdout: 'leakguard gate: wrote leakguard.baseline.json (2 tests)\n',
      stderr: '',
    })
    const first = readFileSync(join(dir, 'leakguard.baseline.json'), 'utf8')
    leakguard(['gate', '--update'], dir)
    expect(readFileSync(join(dir, 'leakguard.baseline.json'), 'utf8')).toBe(first)
    expect(leakguard(['gate'], dir)).toEqual({
      code: 0,
      stdout:
        'leakguard gate: passed, 2 of 2 tests compared with the baseline (tolerance 10% with 16.0 MB floor)\n',
      stderr: '',
    })
  })

  test('--update from an incomplete run warns that tests without figures are left out', () => {
    const partial = report(
      [
        ...baseRun.tests,
        testReport(FILE, 'crashed one', null, { state: 'crashed', status: 'crashed' }),
      ],
      { complete: false },
    )
    const dir = project({ '.leakguard/report.json': partial })
    expect(leakguard(['gate', '--update'], dir).stdout.split('\n')).toEqual([
      'WARNING: the run was incomplete (interrupted, or a worker crashed): tests without figures are left out of the baseline',
      'leakguard gate: wrote leakguard.baseline.json (2 tests)',
      '',
    ])
  })

  test('exit 1 with one ERROR line per violation; options change the tolerance', () => {
    const dir = project({ 'base/report.json': baseRun, 'now/report.json': regressed })
    leakguard(['gate', 'base/report.json', '--update', '--baseline', 'b.json'], dir)
    const run = leakguard(['gate', 'now/report.json', '--baseline', 'b.json'], dir)
    expect(run.code).toBe(1)
    expect(run.stdout.split('\n')).toEqual([
      `ERROR: test "${NAME}" peaked +412.0 MB, baseline +96.0 MB (+329%, tolerance 10% with 16.0 MB floor) for ${FILE}`,
      'leakguard gate: 1 failed, 2 of 2 tests compared with the baseline (tolerance 10% with 16.0 MB floor)',
      '',
    ])
    expect(
      leakguard(['gate', 'now/report.json', '--baseline', 'b.json', '--tolerance', '400%'], dir)
        .code,
    ).toBe(0)
    expect(
      leakguard(['gate', 'now/report.json', '--baseline', 'b.json', '--floor', '315 MB'], dir).code,
    ).toBe(1)
    expect(
      leakguard(['gate', 'now/report.json', '--baseline', 'b.json', '--floor', '316 MB'], dir).code,
    ).toBe(0)
  })

  test('merges shard reports; a test in two shards is bad input', () => {
    const [one, two] = [report([baseRun.tests[0]!]), report([baseRun.tests[1]!])]
    const dir = project({
      's1/report.json': one,
      's2/report.json': two,
      'all/report.json': baseRun,
    })
    leakguard(['gate', 'all/report.json', '--update'], dir)
    expect(leakguard(['gate', 's1/report.json', 's2/report.json'], dir).code).toBe(0)
    const twice = leakguard(['gate', 's1/report.json', 's1/report.json'], dir)
    expect(twice.code).toBe(2)
    expect(twice.stderr).toBe(
      `leakguard: test "${NAME}" (${FILE}) is in both s1/report.json and s1/report.json: pass each shard's report once\n`,
    )
  })

  test('exit 2 on a malformed baseline, naming file, line and column; on a missing one, with a hint', () => {
    const dir = project({ '.leakguard/report.json': baseRun })
    writeFileSync(
      join(dir, 'leakguard.baseline.json'),
      '{\n  "schemaVersion": 1,\n  "tests": [,]\n}\n',
    )
    const bad = leakguard(['gate'], dir)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(
      /^leakguard: leakguard\.baseline\.json:3:13: invalid JSON: Unexpected token/,
    )
    expect(bad.stderr).not.toMatch(/\n\s+at /)
    expect(leakguard(['gate', '--baseline', 'none.json'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'leakguard: cannot read none.json: no such file (record one with `leakguard gate --update`; without a baseline there is nothing to compare)\n',
    })
    const option = leakguard(['gate', '--tolerance', 'lots'], dir)
    expect([option.code, option.stderr]).toEqual([
      2,
      "leakguard: Expected `--tolerance` to be a percentage like '10%', got `'lots'` (string)\n",
    ])
  })

  test('--out-dir writes summary.md and report.html with the verdicts, and fills the step summary', () => {
    const dir = project({ 'base/report.json': baseRun, '.leakguard/report.json': regressed })
    leakguard(['gate', 'base/report.json', '--update'], dir)
    const stepSummary = join(dir, 'step-summary.md')
    const run = leakguard(['gate', '--out-dir', 'reports'], dir, {
      GITHUB_STEP_SUMMARY: stepSummary,
    })
    expect(run.code).toBe(1)
    const summary = readFileSync(join(dir, 'reports/summary.md'), 'utf8')
    expect(summary).toContain(`ERROR: test "${NAME}" peaked +412.0 MB, baseline +96.0 MB`)
    expect(readFileSync(stepSummary, 'utf8')).toBe(`${summary}\n`)
    expect(readFileSync(join(dir, 'reports/report.html'), 'utf8')).toContain(
      '<ul id="gate-verdicts"><li class="error">ERROR:',
    )
  })

  test('leaks fail; under GitHub Actions each is annotated at its open site', () => {
    const leaking = report([
      testReport(FILE, NAME, memory(96 * MB, 2 * MB), {
        status: 'leak',
        leaks: [leakEntry('3', 'ensemble_daily', `${FILE}:14:22`)],
      }),
    ])
    const dir = project({ '.leakguard/report.json': leaking })
    leakguard(['gate', '--update'], dir)
    const run = leakguard(['gate'], dir, { GITHUB_ACTIONS: 'true' })
    expect(run.code).toBe(1)
    expect(run.stdout.split('\n')).toEqual([
      `ERROR: test "${NAME}" left 1 handle open: zarr-dataset "ensemble_daily" (3) opened at ${FILE}:14:22 for ${FILE}`,
      'leakguard gate: 1 failed, 1 of 1 tests compared with the baseline (tolerance 10% with 16.0 MB floor)',
      `::error file=${FILE},line=14,col=22,title=leakguard%3A leak::test "${NAME}" (${FILE}) left zarr-dataset "ensemble_daily" (3) open. Close it, or hold it with \`await using\`.`,
      '',
    ])
  })
})
