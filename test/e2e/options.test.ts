import { beforeAll, describe, expect, test } from 'vitest'
import { failedTests, runVitest, type VitestRun } from './run-vitest.js'

// One project, run once per onLeak mode (the config reads the mode from the environment).
const runs: Partial<Record<'fail' | 'warn' | 'off', VitestRun>> = {}
beforeAll(async () => {
  runs.fail = await runVitest('options', [], { LEAKGUARD_E2E_ON_LEAK: 'fail' })
  runs.warn = await runVitest('options', ['--pool=threads', '--reporter=verbose'], {
    LEAKGUARD_E2E_ON_LEAK: 'warn',
  })
  runs.off = await runVitest('options', [], { LEAKGUARD_E2E_ON_LEAK: 'off' })
})

function get(mode: 'fail' | 'warn' | 'off'): VitestRun {
  const run = runs[mode]
  if (!run) throw new Error(`no ${mode} run`)
  return run
}

const byName = (run: VitestRun, name: string) => run.report.tests.find((t) => t.name === name)

describe('onLeak and the allow-list', () => {
  test("'fail': the leak fails; the allow-listed leak is reported with its reason and passes", () => {
    const run = get('fail')
    expect(run.exitCode).toBe(1)
    expect(failedTests(run.json)).toEqual(['leaks a store'])
    const legacy = byName(run, 'legacy leak on the allow-list')
    expect(legacy?.state).toBe('pass')
    expect(legacy?.status).toBe('ok')
    expect(legacy?.leaks.map((l) => l.allowedReason)).toEqual(['legacy suite, closed by #12'])
  })

  test("'warn': prints the same message, records status leak, and exits 0", () => {
    const run = get('warn')
    expect(run.exitCode).toBe(0)
    expect(run.output).toContain(
      `leakguard (onLeak: 'warn'): Test "leaks a store" (leaky.test.ts) left 1 handle open after its teardown:`,
    )
    expect(byName(run, 'leaks a store')?.state).toBe('pass')
    expect(byName(run, 'leaks a store')?.status).toBe('leak')
  })

  test("'warn': the passing test carries a warning annotation at the open site", () => {
    const run = get('warn')
    // The verbose reporter prints annotations of passing tests: location, type, message.
    expect(run.output).toMatch(
      /❯ leaky\.test\.ts:5:3 warning\n\s+↳ leakguard: dataset "[^"]+leaky\.zarr" \(h\d+\) left open, opened at leaky\.test\.ts:5:3/,
    )
    // Allow-listed leaks are not annotated.
    expect(run.output).not.toMatch(/↳ leakguard: dataset "[^"]+legacy\.zarr"/)
  })

  test("under pool 'threads' the RSS is labelled process-wide, and the summary says so", () => {
    const run = get('warn')
    expect(run.report.tests.map((t) => t.memory?.rssScope)).toEqual([
      'shared-process',
      'shared-process',
      'shared-process',
    ])
    expect(run.output).toContain(
      'Note: tests ran in worker threads, so RSS and peak RSS are process-wide, not per test.',
    )
    expect(get('fail').report.tests.every((t) => t.memory?.rssScope === 'process')).toBe(true)
  })

  test("'off': nothing fails or prints, memory is still recorded", () => {
    const run = get('off')
    expect(run.exitCode).toBe(0)
    expect(run.output).not.toContain('HandleLeakError')
    expect(run.output).not.toContain("onLeak: 'warn'")
    expect(run.output).toContain("Leak checks are off (onLeak: 'off'); memory is still recorded.")
    for (const test of run.report.tests) {
      expect([test.name, test.leaks, test.status]).toEqual([test.name, [], 'ok'])
      expect(test.memory?.peakMethod).toBe('kernel-hwm')
    }
  })
})
