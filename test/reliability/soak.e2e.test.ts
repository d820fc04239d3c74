import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { parseLogText } from '../../src/report/log-reader.js'
import type { TestReport } from '../../src/report/model.js'
import { runVitest, type VitestRun } from '../e2e/run-vitest.js'

// test/e2e/projects/reliability-soak: 500 tests (two files of 250, one worker process
// each), 4 open/read/close cycles each on 8 real stores (2,000 cycles), with
// leakguard({ gc: true }). leakguard itself must not leak: after forced GC, the heap and
// RSS of each worker's last tests stay within a stated bound of its first ones'.
//
// The bounds, from measurements here: a control of 500 empty tests grows the heap by
// ~2.6 KB a test (vitest keeps every test's result, and leakguard's report data rides on
// it), and the soak by 1.6–2.1 KB a test; RSS grew 1.9 MB (soak) and 3.2 MB (control).
// One Dataset left reachable per test would add its metadata, arrays and chunk cache on
// top. Bounds: heap ≤ 4 KB a test, RSS ≤ 8 MB over each worker's 250 tests.
const KB = 1024
const MB = 1024 * KB
let run: VitestRun
let tests: TestReport[]

beforeAll(async () => {
  run = await runVitest('reliability-soak')
  tests = run.report.tests
}, 120_000)

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}
/** Per file (one worker each): medians of a figure over tests 10–29 and the last 20. */
function firstAndLast(figure: (test: TestReport) => number) {
  return ['soak-a.test.ts', 'soak-b.test.ts'].map((file) => {
    const values = tests.filter((t) => t.file === file).map(figure)
    return { file, first: median(values.slice(10, 30)), last: median(values.slice(-20)) }
  })
}
const PER_FILE = 250

describe('soak: 2,000 open/close cycles across 500 tests', () => {
  test('every test passes with nothing left open and no fd gained', () => {
    expect(run.exitCode).toBe(0)
    expect(tests).toHaveLength(500)
    expect(tests.filter((t) => t.state !== 'pass' || t.leaks.length > 0)).toEqual([])
    expect(new Set(tests.map((t) => t.memory?.fdDelta))).toEqual(new Set([0]))
    expect(new Set(tests.map((t) => t.memory?.gcForced))).toEqual(new Set([true]))
  })

  test('heap after forced GC grows by at most 4 KB a test in each worker', () => {
    for (const { file, first, last } of firstAndLast(
      (t) => t.memory?.heapUsedAfter ?? Number.NaN,
    )) {
      const perTest = (last - first) / (PER_FILE - 30)
      console.info(
        `soak heap (${file}): ${(first / MB).toFixed(2)} MB → ${(last / MB).toFixed(2)} MB, ${(perTest / KB).toFixed(2)} KB a test`,
      )
      expect(perTest).toBeLessThanOrEqual(4 * KB)
    }
  })

  test('RSS after forced GC stays within 8 MB from the first tests to the last in each worker', () => {
    for (const { file, first, last } of firstAndLast((t) => t.memory?.rssAfter ?? Number.NaN)) {
      console.info(
        `soak rss (${file}): ${(first / MB).toFixed(1)} MB → ${(last / MB).toFixed(1)} MB (${((last - first) / MB).toFixed(1)} MB)`,
      )
      expect(last - first).toBeLessThanOrEqual(8 * MB)
    }
    // Two worker processes, as the comparison assumes.
    expect(new Set(tests.map((t) => t.pid)).size).toBe(2)
  })

  test('memory.jsonl holds a start and an end line for each of the 500 tests', () => {
    const log = parseLogText(readFileSync(join(run.outDir, 'memory.jsonl'), 'utf8'), 'memory.jsonl')
    expect(log.warnings).toEqual([])
    const count = (type: string) => log.events.filter((s) => s.event.type === type).length
    expect([count('test-start'), count('test-end')]).toEqual([500, 500])
  })
})
