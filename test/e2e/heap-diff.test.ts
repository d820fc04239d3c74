import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import type { TestReport } from '../../src/report/model.js'
import { schemaErrors } from './report-schema.js'
import { runVitest, type VitestRun } from './run-vitest.js'

// One file: a test keeping 10,000 Float64Array over its memory.limitRetainedMemory('1 MB'),
// one under that limit, and one leaving a handle open (a leak, not retained memory).
let onFailure: VitestRun
let off: VitestRun
let always: VitestRun
// Read before the next run empties the project's outDir.
let summary: string
let html: string
let rerunReport: { tests: TestReport[] }
let offHasRerunDir: boolean

beforeAll(async () => {
  onFailure = await runVitest('heap-diff')
  summary = readFileSync(join(onFailure.outDir, 'summary.md'), 'utf8')
  html = readFileSync(join(onFailure.outDir, 'report.html'), 'utf8')
  rerunReport = JSON.parse(readFileSync(join(onFailure.outDir, 'heap-diff/report.json'), 'utf8'))
  off = await runVitest('heap-diff', [], { HEAP_DIFF: 'off' })
  offHasRerunDir = existsSync(join(off.outDir, 'heap-diff'))
  always = await runVitest('heap-diff', [], { HEAP_DIFF: 'always' })
}, 120_000)

const row = (run: VitestRun, name: string): TestReport => {
  const found = run.report.tests.find((test) => test.name === name)
  if (!found) throw new Error(`${name} is not in report.json`)
  return found
}

describe("heapDiff: 'on-failure' (the default)", () => {
  test('the test over its retained limit gets the diff of one rerun: 10,000 Float64Array', () => {
    expect(onFailure.exitCode, onFailure.output).toBe(1)
    expect(schemaErrors(onFailure.report)).toEqual([])
    const kept = row(onFailure, 'keeps 10,000 Float64Array')
    expect(kept.state).toBe('fail')
    expect(kept.heapDiff?.source).toBe('rerun')
    const first = kept.heapDiff?.added[0]
    expect(first?.constructor).toBe('Float64Array')
    expect(first?.count).toBe(10_000)
    // Each keeps its 64 data bytes alive, plus its own objects: more than 640,000 bytes.
    expect(first?.bytes).toBeGreaterThan(640_000)
    expect(first?.bytes).toBeLessThan(8 * 1024 * 1024)
    expect(kept.notes).toContainEqual(expect.stringMatching(/^heap diff: \+10,000 Float64Array /))
  })

  test('the terminal says what was kept under the failing test, and what the rerun cost', () => {
    expect(onFailure.output).toMatch(
      /leakguard: reran 1 file\(s\) with heap snapshots around 1 test\(s\) in \d+\.\d s/,
    )
    expect(onFailure.output).toMatch(
      /What it kept \(heap diff of a rerun\): kept\.test\.ts > keeps 10,000 Float64Array\n\s+\+10,000 Float64Array \d+\.\d (KB|MB)\n/,
    )
  })

  test('summary.md has a "What was kept" section with the diff line', () => {
    expect(summary).toContain('### What was kept')
    expect(summary).toMatch(
      /\*\*keeps 10,000 Float64Array\*\* \(kept\.test\.ts\), heap diff of a rerun:\n\n- `\+10,000 Float64Array \d+\.\d (KB|MB)`/,
    )
  })

  test('report.html has a "What was kept" table with the diff', () => {
    expect(html).toMatch(
      /<table id="heap-diffs">.*keeps 10,000 Float64Array.*heap diff of a rerun.*<pre>\+10,000 Float64Array \d+\.\d (KB|MB)\n/s,
    )
  })

  test('neither the test under its limit nor the leaked handle is diffed', () => {
    expect(row(onFailure, 'stays under the limit').heapDiff).toBeUndefined()
    const leaking = row(onFailure, 'leaves a handle open')
    expect(leaking.status).toBe('leak')
    expect(leaking.heapDiff).toBeUndefined()
  })

  test('the rerun ran only the diffed test, in its own outDir', () => {
    const ran = rerunReport.tests.filter((test) => test.state !== 'skip')
    expect(ran.map((test) => test.name)).toEqual(['keeps 10,000 Float64Array'])
  })
})

describe("heapDiff: 'off' and 'always'", () => {
  test("'off' fails the same tests without a rerun or a diff", () => {
    expect(off.exitCode).toBe(1)
    expect(off.output).not.toMatch(/reran|What it kept/)
    expect(off.report.tests.filter((test) => test.heapDiff)).toEqual([])
    expect(offHasRerunDir).toBe(false)
  })

  test("'always' diffs every test in the first run, and reruns nothing", () => {
    expect(always.exitCode).toBe(1)
    expect(schemaErrors(always.report)).toEqual([])
    expect(always.output).not.toMatch(/reran/)
    for (const test of always.report.tests) expect(test.heapDiff?.source, test.name).toBe('run')
    const kept = row(always, 'keeps 10,000 Float64Array').heapDiff?.added[0]
    expect(kept).toMatchObject({ constructor: 'Float64Array', count: 10_000 })
    // The scratch arrays were dropped before the end: none is still alive.
    const under = row(always, 'stays under the limit').heapDiff?.added ?? []
    expect(under.find((entry) => entry.constructor === 'Float64Array')).toBeUndefined()
    // Failed tests show theirs in the terminal (the leaked handle's test always fails; the
    // retained test's own verdict is not asserted here: in this mode the memory freed by
    // the first snapshot can mask up to ~2 MB of what a test keeps, see the README).
    expect(always.output).toMatch(
      /What it kept \(heap diff\): kept\.test\.ts > leaves a handle open/,
    )
    expect(always.output).not.toMatch(/What it kept \(heap diff\): kept\.test\.ts > stays under/)
  })
})
