import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { repoRoot, runVitest, type VitestRun } from './run-vitest.js'

// `leakguard({ gate: true })`: the same check as `leakguard gate`, at the end of `vitest run`.
const baseline = join(mkdtempSync(join(tmpdir(), 'leakguard-gate-')), 'baseline.json')
const cli = join(repoRoot, 'dist/src/cli/main.js')
let unchanged: VitestRun
let regressed: VitestRun
let corrupt: VitestRun
let recordedTests: Array<{ name: string; retainedMethod?: string; retainedHeap: number }> = []

beforeAll(async () => {
  const recorded = await runVitest('gate', [], { GATE_BASELINE: baseline, GATE_RETAIN_MB: '8' })
  execFileSync(process.execPath, [
    cli,
    'gate',
    join(recorded.outDir, 'report.json'),
    '--update',
    '--baseline',
    baseline,
  ])
  recordedTests = JSON.parse(readFileSync(baseline, 'utf8')).tests
  unchanged = await runVitest('gate', [], { GATE_BASELINE: baseline, GATE_RETAIN_MB: '8' })
  regressed = await runVitest('gate', [], {
    GATE_BASELINE: baseline,
    GATE_RETAIN_MB: '56',
    GATE_SMALL_MB: '33',
  })
  const broken = `${baseline}.broken.json`
  writeFileSync(broken, '{ "schemaVersion": 1,\n  "tests": [ oops ] }\n')
  corrupt = await runVitest('gate', [], { GATE_BASELINE: broken, GATE_RETAIN_MB: '8' })
}, 180_000)

describe('gate: true', () => {
  test('an unchanged run passes the gate and writes the human reports', () => {
    expect(unchanged.exitCode, unchanged.output).toBe(0)
    expect(unchanged.output).toMatch(/leakguard gate: passed/)
    expect(existsSync(join(unchanged.outDir, 'summary.md'))).toBe(true)
    expect(existsSync(join(unchanged.outDir, 'report.html'))).toBe(true)
  })

  test('+48 MB retained fails the run with one ERROR line naming test, figures and tolerance', () => {
    expect(regressed.exitCode).toBe(1)
    // Every test itself passed: the gate, not a test, failed the run.
    expect(regressed.json.testResults.every((file) => file.status === 'passed')).toBe(true)
    expect(regressed.output).toMatch(
      /ERROR: test "retains what GATE_RETAIN_MB says" retained \+5\d\.\d MB, baseline \+\d\.\d MB \(\+\d+%, tolerance 10% with 16\.0 MB floor\) for gate\.test\.ts/,
    )
    expect(regressed.output).not.toMatch(/ERROR: test "steady/)
    // heapDiff: 'on-failure' reran the file once: the retained regression names what it kept.
    expect(regressed.output).toMatch(
      /What it kept \(heap diff of a rerun\): gate\.test\.ts > retains what GATE_RETAIN_MB says\n\s+\+\d+ Array 5\d\.\d MB\n/,
    )
    expect(unchanged.output).not.toMatch(/reran|What it kept/)
  })

  test("gc: 'auto' (gate: true's default) records a bound below the floor, exact figures above it", () => {
    const method = (prefix: string) =>
      recordedTests.find((test) => test.name.startsWith(prefix))?.retainedMethod
    // 1 MB kept, a few MB allocated: at most the floor, so no GC and a bound, never exact.
    expect(method('small')).toBe('bound')
    // Allocates ~24 MB: a forced GC at its end, after the previous test's (exact start).
    expect(method('retains')).toBe('exact')
    expect(unchanged.output).toMatch(/Top retained heap \(gc: 'auto'/)
  })

  test('+32 MB retained by a test whose baseline was a bound fails the gate (lower bound)', () => {
    expect(regressed.output).toMatch(
      /ERROR: test "small: retains GATE_SMALL_MB" retained at least \+[23]\d\.\d MB, baseline \+0\.0 B \(tolerance 10% with 16\.0 MB floor\) for gate\.test\.ts/,
    )
  })

  test('a malformed baseline fails the run with its path and position, no stack', () => {
    expect(corrupt.exitCode).toBe(1)
    expect(corrupt.output).toMatch(
      /leakguard gate: \S+baseline\.json\.broken\.json:2:14: invalid JSON/,
    )
    expect(corrupt.output).not.toMatch(/\n\s+at .*report\/baseline/)
  })
})
