import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, expect, test } from 'vitest'
import { writeHumanReports } from '../../src/report/human-reports.js'
import { readReport } from '../../src/report/report-reader.js'

const repo = fileURLToPath(new URL('../..', import.meta.url))
const projectDir = fileURLToPath(new URL('project', import.meta.url))
const bin = join(repo, 'dist/src/cli/main.js')

function leakguard(args: string[]): { code: number | null; lines: string[] } {
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: projectDir, encoding: 'utf8' })
  // The leaked store's label is its temporary path: normalised for exact assertions.
  const text = run.stdout.replace(/"\/[^"]*\/ensemble_daily\.zarr"/g, '"<tmp>/ensemble_daily.zarr"')
  return { code: run.status, lines: text.split('\n') }
}

// One real vitest run of test/cli/project with the leakguard plugin; the CLI then reads
// the report.json and memory.jsonl that the plugin wrote.
beforeAll(async () => {
  rmSync(join(projectDir, '.leakguard'), { recursive: true, force: true })
  await new Promise<void>((done) => {
    execFile(
      process.execPath,
      [join(repo, 'node_modules/vitest/vitest.mjs'), 'run', '--root', projectDir, '--reporter=dot'],
      { cwd: repo, env: { ...process.env, NO_COLOR: '1' } },
      () => done(),
    )
  })
})

test('analyze reads the log of a real run: the spike, its culprit and the leak', () => {
  const { code, lines } = leakguard(['analyze'])
  expect(code).toBe(1)
  expect(lines[0]).toBe('leakguard analyze: 3 entries from 1 log')
  expect(lines.find((line) => line.startsWith('  1. '))).toMatch(
    /^ {2}1\. "peaks at 200 MB inside one call" \(ensemble\.spec\.ts\): peak Δ max \+(199|200)\.\d MB/,
  )
  expect(lines.find((line) => line.startsWith('  Likely culprit:'))).toMatch(
    /^ {2}Likely culprit: "peaks at 200 MB inside one call" \(ensemble\.spec\.ts\), \+(199|200)\.\d MB above the test before it$/,
  )
  expect(lines).toContain(
    '  ✗ "forgets to close its store" (ensemble.spec.ts): 1 open: dataset "<tmp>/ensemble_daily.zarr" (h2) opened at ensemble.spec.ts:19:14',
  )
})

test('gate: --update, then the leak fails it at its open site', () => {
  const baseline = join(mkdtempSync(join(tmpdir(), 'leakguard-e2e-')), 'baseline.json')
  expect(leakguard(['gate', '--update', '--baseline', baseline])).toEqual({
    code: 0,
    lines: [`leakguard gate: wrote ${baseline} (3 tests)`, ''],
  })
  const recorded = JSON.parse(readFileSync(baseline, 'utf8'))
  expect(recorded.tests.map((t: { name: string }) => t.name)).toEqual([
    'closes its store',
    'forgets to close its store',
    'peaks at 200 MB inside one call',
  ])
  expect(leakguard(['gate', '--baseline', baseline])).toEqual({
    code: 1,
    lines: [
      'ERROR: test "forgets to close its store" left 1 handle open: dataset "<tmp>/ensemble_daily.zarr" (h2) opened at ensemble.spec.ts:19:14 for ensemble.spec.ts',
      'leakguard gate: 1 failed, 3 of 3 tests compared with the baseline (tolerance 10% with 16.0 MB floor)',
      '',
    ],
  })
})

test('the human reports render the real report', () => {
  const report = readReport(join(projectDir, '.leakguard/report.json'))
  const out = mkdtempSync(join(tmpdir(), 'leakguard-e2e-'))
  const { summaryPath, htmlPath } = writeHumanReports(report, out, { env: {} })
  expect(readFileSync(summaryPath, 'utf8')).toContain('opened at `ensemble.spec.ts:19:14`')
  expect(readFileSync(htmlPath, 'utf8').match(/class="bar-peak"/g)).toHaveLength(3)
})
