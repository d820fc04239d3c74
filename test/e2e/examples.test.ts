import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { Report } from '../../src/report/model.js'
import { repoRoot } from './run-vitest.js'

function run(args: string[], cwd: string): Promise<{ exitCode: number; output: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      args,
      { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, maxBuffer: 32 << 20 },
      (error, stdout, stderr) =>
        done({ exitCode: error ? Number(error.code ?? 1) : 0, output: `${stdout}\n${stderr}` }),
    )
  })
}

const readReport = (name: string): Report =>
  JSON.parse(readFileSync(join(repoRoot, '.leakguard', name, 'report.json'), 'utf8'))

describe('examples', () => {
  test('the ported weather tests pass clean under the plugin', async () => {
    const vitest = join(repoRoot, 'node_modules/vitest/vitest.mjs')
    const result = await run([vitest, 'run'], join(repoRoot, 'examples/weather'))
    expect(result.exitCode, result.output).toBe(0)
    const report = readReport('weather')
    expect(report.tests).toHaveLength(6)
    expect(report.tests.every((t) => t.state === 'pass' && t.leaks.length === 0)).toBe(true)
  }, 180_000)

  test('npm run demo: the incident is caught in "before" and clean in "after"', async () => {
    const result = await run([join(repoRoot, 'examples/demo.mjs')], repoRoot)
    expect(result.exitCode, result.output).toBe(0)
    expect(result.output).toContain(
      'BEFORE the fix: the incident fixture (this run is EXPECTED to fail)',
    )
    expect(result.output).toMatch(
      /✓ BEFORE failed as expected: leakguard caught 4 leaked ensemble_trans datasets, opened at \S*scenarios\.ts:\d+:\d+\./,
    )
    expect(result.output).toContain('✓ AFTER passed clean')
    const before = readReport('incident-before')
    expect(before.tests.map((t) => t.status)).toEqual(['leak', 'leak', 'leak', 'leak'])
    // Each leaked store still holds its whole decoded ensemble: 12 realizations × 3 stations
    // × 4 variables × 10,950 days of float64, so memory piles up test after test.
    const ensembleBytes = 12 * 3 * 4 * 10_950 * 8
    for (const t of before.tests) {
      expect(t.leaks.map((l) => l.label.split('/').at(-1))).toEqual(['ensemble_trans.zarr'])
      expect(t.leaks[0]?.heldBytes).toBe(ensembleBytes)
    }
    expect(result.output).toMatch(
      /ensemble 4: simulated means are finite\s+│\s+\d+\.\d MB\s+48\.1 MB │/,
    )
    const after = readReport('incident-after')
    expect(after.tests.map((t) => t.status)).toEqual(['ok', 'ok', 'ok', 'ok'])
  }, 300_000)
})
