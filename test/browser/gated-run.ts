import type { Baseline } from '../../src/report/baseline.js'
import { environmentWarning, type GateResult, runGate } from '../../src/report/gate.js'
import type { GateComparison, Report } from '../../src/report/model.js'
import { leakEntry, MB, memory, report, testReport } from '../report/make-report.js'

/** A name that would run as markup if the page ever parsed test text as HTML. */
export const XSS = '<img src=x onerror=alert(1)>'
/** A name that would end the page's data element if its JSON were not escaped. */
export const BREAKOUT = '</script><script>alert(2)</script>'

function compared(
  metric: GateComparison['metric'],
  current: number,
  baseline: number,
  limit: number,
): GateComparison {
  return { metric, current, baseline, limit, delta: current - baseline, regressed: current > limit }
}

/**
 * A run with a leak, a regression, a new test, a removed test and hostile names, with
 * the gate's outcome as the gate writes it into the report and the lines it prints.
 */
export function gatedRun(): { run: Report; gate: GateResult } {
  // What the gate writes into the report for a test whose baseline peaked at `base`.
  const gate = (peak: number, base: number, retained = 0) => ({
    baseline: 'compared' as const,
    comparisons: [
      compared('peakRssDelta', peak, base, base + 16 * MB),
      compared('retainedHeap', retained, retained, retained + 16 * MB),
    ],
  })
  const tests = [
    testReport(
      'test/ensemble.test.ts',
      'ensemble > writes stores',
      memory(40 * MB, 2 * MB, 140 * MB),
      {
        pid: 101,
        status: 'leak',
        state: 'fail',
        leaks: [leakEntry('3', 'ensemble_daily', 'test/ensemble.test.ts:14:22')],
        gate: gate(40 * MB, 38 * MB, 2 * MB),
      },
    ),
    testReport(
      'test/ensemble.test.ts',
      'ensemble > simulates',
      memory(412 * MB, 2 * MB, 150 * MB),
      {
        pid: 101,
        status: 'regression',
        state: 'fail',
        gate: gate(412 * MB, 96 * MB, 2 * MB),
      },
    ),
    testReport('test/ensemble.test.ts', 'ensemble > reads back', memory(60 * MB, 0, 160 * MB), {
      pid: 101,
      gate: gate(60 * MB, 58 * MB),
    }),
    testReport('test/xss.test.ts', XSS, memory(30 * MB, 12 * MB, 90 * MB), {
      pid: 102,
      gate: gate(30 * MB, 30 * MB, 12 * MB),
    }),
    testReport('test/xss.test.ts', BREAKOUT, memory(8 * MB, 0, 92 * MB), {
      pid: 102,
      gate: gate(8 * MB, 8 * MB),
    }),
    testReport('test/small.test.ts', 'small > one', memory(4 * MB, 0, 80 * MB), {
      pid: 102,
      gate: gate(4 * MB, 4 * MB),
    }),
    testReport('test/small.test.ts', 'small > two', memory(9 * MB, 1 * MB, 84 * MB), {
      pid: 102,
      gate: { baseline: 'new', comparisons: [] },
    }),
    testReport('test/small.test.ts', 'small > skipped', null, { state: 'skip' }),
  ]
  const run = report(tests)
  // The baseline those outcomes came from, recorded on another platform, with a test
  // that did not run this time; `small > two` is new.
  const baseline: Baseline = {
    schemaVersion: 1,
    environment: { platform: 'darwin', arch: 'arm64', node: 'v22.1.0', vitest: '4.1.12' },
    tests: [
      ...tests.flatMap((test) =>
        test.gate?.baseline === 'compared'
          ? [
              {
                file: test.file,
                name: test.name,
                peakRssDelta: test.gate.comparisons[0]!.baseline,
                retainedHeap: test.gate.comparisons[1]!.baseline,
                gcForced: true,
                peakMethod: 'kernel-hwm' as const,
                rssScope: 'process' as const,
              },
            ]
          : [],
      ),
      {
        file: 'test/old.test.ts',
        name: 'old > gone',
        peakRssDelta: 0,
        retainedHeap: 0,
        gcForced: true,
      },
    ],
  }
  const result = runGate(run, { baseline })
  const failures = result.verdicts.filter((verdict) => verdict.severity === 'error').length
  const warning = environmentWarning(run, baseline)
  return {
    run: report(tests, {
      gate: {
        ok: result.ok,
        baseline: '.leakguard/baseline.json',
        tolerance: result.tolerance,
        checked: result.checked,
        failures,
        removed: [{ file: 'test/old.test.ts', name: 'old > gone' }],
        ...(warning === undefined ? {} : { environmentWarning: warning }),
      },
    }),
    gate: result,
  }
}
