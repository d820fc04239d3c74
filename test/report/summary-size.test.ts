import { expect, test } from 'vitest'
import { baselineFromReport } from '../../src/report/baseline.js'
import { composeReport } from '../../src/report/compose-report.js'
import { runGate } from '../../src/report/gate.js'
import { renderSummaryMarkdown } from '../../src/report/summary-md.js'
import { leakEntry, MB, memory, report, testReport } from './make-report.js'

const COUNT = 10_000
const FILE = (i: number) => `test/part-${Math.floor(i / 100)}.test.ts`

test('summary.md of a 10,000-test run: every leak and regression, the top tests, not every test', () => {
  const measured = report(
    Array.from({ length: COUNT }, (_, i) => {
      const leaks = i % 2500 === 7 ? [leakEntry(`h${i}`, `store-${i}`, `${FILE(i)}:3:9`)] : []
      return testReport(FILE(i), `test ${i}`, memory((i % 97) * MB, 0), {
        leaks,
        status: leaks.length > 0 ? 'leak' : 'ok',
      })
    }),
  )
  const baseline = baselineFromReport(measured)
  const now = {
    ...measured,
    tests: measured.tests.map((t, i) =>
      i === 123 || i === 9_876 ? { ...t, memory: memory((i % 97) * MB, 64 * MB) } : t,
    ),
  }
  const gate = runGate(now, { baseline })
  const written = composeReport(now, { gate })
  const summary = renderSummaryMarkdown(written, { gate })
  const lines = summary.split('\n')

  expect(lines.length).toBeLessThan(120)
  expect(lines).toContain('10000 tests: 9994 ok, 2 regression, 4 leak')
  for (const i of [7, 2507, 5007, 7507]) expect(summary).toContain(`"store-${i}" (h${i})`)
  expect(summary).toMatch(
    /- \*\*test 123\*\* \(test\/part-1\.test\.ts\): .*retained heap \+64\.0 MB/,
  )
  expect(summary).toMatch(/- \*\*test 9876\*\* \(test\/part-98\.test\.ts\)/)
  // Ten rows per top table, not a row per test.
  expect(lines.filter((line) => /^\| \d+ \| test \d+ /.test(line))).toHaveLength(20)
})
