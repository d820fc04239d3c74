import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { readRerunFindings } from '../../plugin/heap-diff-rerun.js'
import { composeReport } from '../../src/report/compose-report.js'
import type { TestHeapDiff } from '../../src/report/model.js'
import { MB, memory, report, testReport } from '../report/make-report.js'

const dir = mkdtempSync(join(tmpdir(), 'leakguard-rerun-'))
const target = testReport('kept.test.ts', 'keeps', memory(0, 40 * MB))
const heapDiff: TestHeapDiff = {
  source: 'rerun',
  added: [{ constructor: 'Float64Array', count: 10, bytes: 2 * MB, selfBytes: 1000 }],
  beforeBytes: 5 * MB,
  afterBytes: 7 * MB,
  durationMs: 300,
}

function write(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

test("the rerun's findings are read from its report, with its heap diff notes only", () => {
  const rerun = report([
    { ...target, heapDiff, notes: ['heap diff: +10 Float64Array 2.0 MB', 'something else'] },
  ])
  const path = write('good.json', JSON.stringify(rerun))
  expect(readRerunFindings(path, [target])).toEqual({
    findings: [
      {
        file: 'kept.test.ts',
        name: 'keeps',
        heapDiff,
        notes: ['heap diff: +10 Float64Array 2.0 MB'],
      },
    ],
  })
})

test('malformed rerun output gives an honest problem, never a crash or a finding', () => {
  const cut = write('cut.json', '{ "schemaVersion": 1, "tests": [')
  expect(readRerunFindings(cut, [target]).findings).toEqual([])
  expect(readRerunFindings(cut, [target]).problem).toMatch(
    /^the heap-diff rerun's report is unusable: .*cut\.json:1:\d+: invalid JSON/,
  )
  const badDiff = report([{ ...target, heapDiff: { ...heapDiff, added: 'lots' } as never }])
  const shape = write('shape.json', JSON.stringify(badDiff))
  expect(readRerunFindings(shape, [target])).toEqual({
    findings: [],
    problem: expect.stringMatching(
      /shape\.json: not a leakguard report: tests\[0\]\.heapDiff\.added: expected array, received string$/,
    ),
  })
})

test('a finding without a diff adds its note and no heapDiff; the measured report is unchanged', () => {
  const measured = report([target])
  const why = "heap diff: none: the heap-diff rerun's report is unusable: …"
  const written = composeReport(measured, {
    heapDiffs: [{ file: 'kept.test.ts', name: 'keeps', notes: [why] }],
  })
  expect(written.tests[0]?.notes).toEqual([why])
  expect(written.tests[0]?.heapDiff).toBeUndefined()
  expect(measured.tests[0]?.notes).toBeUndefined()
})
