import { describe, expect, test } from 'vitest'
import { baselineFromReport } from '../../src/report/baseline.js'
import { composeReport } from '../../src/report/compose-report.js'
import { runGate } from '../../src/report/gate.js'
import { statusAfterGate, withGate } from '../../src/report/gate-outcome.js'
import type { TestGateOutcome, TestStatus } from '../../src/report/model.js'
import { parseReport } from '../../src/report/report-reader.js'
import { schemaErrors } from '../e2e/report-schema.js'
import { leakEntry, MB, memory, report, testReport } from './make-report.js'

const FILE = 'test/ensemble.test.ts'
// Recorded at 8 MB retained: the limit is max(8 × 1.1, 8 + 16) = 24 MB.
const base = baselineFromReport(
  report([
    testReport(FILE, 'keeps', memory(10 * MB, 8 * MB)),
    testReport(FILE, 'steady', memory(10 * MB, 0)),
    testReport(FILE, 'gone', memory(10 * MB, 0)),
  ]),
)

function run(retained: number, extra: Parameters<typeof testReport>[3] = {}) {
  const measured = report([
    testReport(FILE, 'keeps', memory(10 * MB, retained), extra),
    testReport(FILE, 'steady', memory(10 * MB, 0)),
    testReport(FILE, 'brand new', memory(10 * MB, 0)),
  ])
  const gate = runGate(measured, { baseline: base, baselinePath: 'leakguard.baseline.json' })
  return { measured, gate, written: composeReport(measured, { gate }) }
}

describe("the gate's outcome in report.json", () => {
  test('one byte over the limit is a regression with its figures; at the limit it is ok', () => {
    const over = run(24 * MB + 1).written
    const keeps = over.tests[0]
    expect(keeps?.status).toBe('regression')
    expect(keeps?.gate).toEqual({
      baseline: 'compared',
      comparisons: [
        {
          metric: 'peakRssDelta',
          current: 10 * MB,
          baseline: 10 * MB,
          limit: 26 * MB,
          delta: 0,
          regressed: false,
        },
        {
          metric: 'retainedHeap',
          current: 24 * MB + 1,
          baseline: 8 * MB,
          limit: 24 * MB,
          delta: 16 * MB + 1,
          regressed: true,
        },
      ],
    })
    expect(over.tests[1]?.status).toBe('ok')
    expect(over.tests[2]?.gate).toEqual({ baseline: 'new', comparisons: [] })
    expect(over.gate).toEqual({
      ok: false,
      baseline: 'leakguard.baseline.json',
      tolerance: { relative: 0.1, floorBytes: 16 * MB },
      checked: 2,
      failures: 1,
      removed: [{ file: FILE, name: 'gone' }],
    })

    const at = run(24 * MB).written
    expect(at.tests[0]?.status).toBe('ok')
    expect(at.tests[0]?.gate?.comparisons[1]?.regressed).toBe(false)
    expect(at.gate?.ok).toBe(true)
  })

  test('the written report validates against the JSON schema and reads back', () => {
    const { written } = run(40 * MB)
    expect(schemaErrors(written)).toEqual([])
    const again = parseReport(JSON.stringify(written), 'report.json')
    expect(again.tests[0]?.status).toBe('regression')
    expect(again.gate?.failures).toBe(1)
  })

  test('the measured report is not changed by composing the written one', () => {
    const { measured, written } = run(40 * MB)
    expect(measured.tests[0]?.status).toBe('ok')
    expect(measured.tests[0]?.gate).toBeUndefined()
    expect(measured.gate).toBeUndefined()
    expect(written.tests[0]?.status).toBe('regression')
  })

  test('a leaking test that also regressed stays a leak, its figures kept', () => {
    const leak = leakEntry('h7', 'ensemble', `${FILE}:3:9`)
    const { written } = run(40 * MB, { status: 'leak', leaks: [leak] })
    expect(written.tests[0]?.status).toBe('leak')
    expect(written.tests[0]?.gate?.comparisons[1]?.regressed).toBe(true)
  })

  test('without a baseline no test has an outcome and the run records none', () => {
    const measured = report([testReport(FILE, 'keeps', memory(10 * MB, 40 * MB))])
    const written = withGate(measured, runGate(measured))
    expect(written.tests[0]?.gate).toBeUndefined()
    expect(written.gate?.baseline).toBeUndefined()
    expect(written.gate?.ok).toBe(true)
  })
})

describe('status precedence: crashed > leak > over-limit > regression > oom-risk > ok', () => {
  const regressed: TestGateOutcome = {
    baseline: 'compared',
    comparisons: [
      {
        metric: 'retainedHeap',
        current: 2,
        baseline: 1,
        limit: 1,
        delta: 1,
        regressed: true,
      },
    ],
  }
  const cases: [TestStatus, TestStatus][] = [
    ['ok', 'regression'],
    ['oom-risk', 'regression'],
    ['over-limit', 'over-limit'],
    ['leak', 'leak'],
    ['crashed', 'crashed'],
  ]
  test.each(cases)('%s that regressed becomes %s', (status, expected) => {
    expect(statusAfterGate(status, regressed)).toBe(expected)
  })
  test('a test that did not regress keeps its status', () => {
    expect(statusAfterGate('oom-risk', { baseline: 'new', comparisons: [] })).toBe('oom-risk')
    expect(statusAfterGate('ok', undefined)).toBe('ok')
  })
})

test('a suite recorded without a baseline entry prints 10 INFO lines, then a count', () => {
  const tests = Array.from({ length: 25 }, (_, i) => testReport(FILE, `t${i}`, memory(0, 0)))
  const empty = { ...base, tests: [] }
  const lines = runGate(report(tests), { baseline: empty }).lines
  expect(lines.filter((line) => line.startsWith('INFO: new test'))).toHaveLength(10)
  expect(lines).toContain('INFO: 15 more new tests have no baseline yet')
})
