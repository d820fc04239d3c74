import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { schemaErrors } from './report-schema.js'
import { repoRoot, runVitest, type VitestRun } from './run-vitest.js'

// `leakguard({ gate: true })`: the same check as `leakguard gate`, at the end of `vitest run`.
const baseline = join(mkdtempSync(join(tmpdir(), 'leakguard-gate-')), 'baseline.json')
const cli = join(repoRoot, 'dist/src/cli/main.js')
const kept = mkdtempSync(join(tmpdir(), 'leakguard-gate-regressed-'))
let recorded: VitestRun
let unchanged: VitestRun
let regressed: VitestRun
let corrupt: VitestRun
let recordedTests: Array<{ name: string; retainedMethod?: string; retainedHeap: number }> = []

beforeAll(async () => {
  recorded = await runVitest('gate', [], { GATE_BASELINE: baseline, GATE_RETAIN_MB: '8' })
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
  // The next run of the same project replaces its outDir: keep what this one wrote.
  for (const name of ['report.json', 'summary.md', 'memory.jsonl']) {
    copyFileSync(join(regressed.outDir, name), join(kept, name))
  }
  const broken = `${baseline}.broken.json`
  writeFileSync(broken, '{ "schemaVersion": 1,\n  "tests": [ oops ] }\n')
  corrupt = await runVitest('gate', [], { GATE_BASELINE: broken, GATE_RETAIN_MB: '8' })
}, 180_000)

const RETAINS = 'retains what GATE_RETAIN_MB says'
const MB = 1024 ** 2

describe('gate: true', () => {
  test('without a baseline file the plugin checks leaks, limits and crashes, and says so', () => {
    expect(recorded.exitCode, recorded.output).toBe(0)
    expect(recorded.output).toMatch(
      /leakguard gate: no baseline at \S+baseline\.json: checking leaks, limits and crashes only \(record one with `leakguard gate --update --baseline \S+baseline\.json`\)/,
    )
    expect(recorded.report.gate).toMatchObject({ ok: true, checked: 0, failures: 0 })
    expect(recorded.report.gate?.baseline).toBeUndefined()
  })

  test('report.json has the regression with its figures; the test under its limit stays ok', () => {
    expect(schemaErrors(regressed.report)).toEqual([])
    const byName = new Map(regressed.report.tests.map((test) => [test.name, test]))
    const retains = byName.get(RETAINS)
    expect(retains?.status).toBe('regression')
    const retained = retains?.gate?.comparisons.find((c) => c.metric === 'retainedHeap')
    expect(retained?.regressed).toBe(true)
    expect(retained?.current).toBeGreaterThan(50 * MB)
    expect(retained?.baseline).toBeLessThan(10 * MB)
    expect(retained?.limit).toBe(retained && retained.baseline + 16 * MB)
    expect(retained?.delta).toBe(retained && retained.current - retained.baseline)
    // The rerun's heap diff is in the same, once-written report.
    expect(retains?.heapDiff?.source).toBe('rerun')
    const steady = byName.get('steady: allocates and frees 8 MB')
    expect(steady?.status).toBe('ok')
    expect(steady?.gate?.baseline).toBe('compared')
    expect(steady?.gate?.comparisons.every((c) => !c.regressed)).toBe(true)
    // One failure per regressed figure: retained heap, and peak growth when it rose as much.
    const regressions = regressed.report.tests.flatMap(
      (test) => test.gate?.comparisons.filter((c) => c.regressed) ?? [],
    )
    expect(regressed.report.gate).toMatchObject({ ok: false, checked: 3, removed: [] })
    expect(regressed.report.gate?.failures).toBe(regressions.length)

    // The same story in the terminal and in summary.md.
    expect(regressed.output).toMatch(/^ {2}3 tests: 1 ok, 2 regression$/m)
    const summary = readFileSync(join(kept, 'summary.md'), 'utf8')
    expect(summary).toMatch(/^3 tests: 1 ok, 2 regression$/m)
    expect(summary).toMatch(
      /^- \*\*retains what GATE\\_RETAIN\\_MB says\*\* \(gate\.test\.ts\): .*retained heap \+5\d\.\d MB, baseline \+\d\.\d MB, limit \+\d+\.\d MB$/m,
    )
    expect(unchanged.report.tests.map((test) => test.status)).toEqual(['ok', 'ok', 'ok'])
    expect(unchanged.report.gate?.ok).toBe(true)
  })

  test('leakguard gate over the written report agrees with the plugin', () => {
    const reportPath = join(kept, 'report.json')
    let code = 0
    let stdout = ''
    try {
      execFileSync(process.execPath, [cli, 'gate', reportPath, '--baseline', baseline, '--json'])
    } catch (error) {
      const failed = error as { status: number; stdout: Buffer }
      code = failed.status
      stdout = failed.stdout.toString()
    }
    expect(code).toBe(1)
    const json = JSON.parse(stdout) as { ok: boolean; gate: { failures: number; checked: number } }
    expect(json.ok).toBe(false)
    expect(json.gate).toEqual(regressed.report.gate)
    // analyze tells the same counts, from the run's memory.jsonl.
    const analyze = execFileSync(process.execPath, [cli, 'analyze', join(kept, 'memory.jsonl')], {
      env: { ...process.env, NO_COLOR: '1' },
    }).toString()
    expect(analyze).toMatch(/^Statuses: 3 tests: 1 ok, 2 regression$/m)
  })

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
