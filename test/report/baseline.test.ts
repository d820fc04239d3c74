import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import {
  baselineFromReport,
  parseBaseline,
  readBaseline,
  writeBaseline,
} from '../../src/report/baseline.js'
import { isReportInputError } from '../../src/report/errors.js'
import { mergeReports } from '../../src/report/merge.js'
import { MB, memory, report, testReport } from './make-report.js'

const unsorted = report([
  testReport('test/b.test.ts', 'z last', memory(2 * MB, 1 * MB)),
  testReport('test/a.test.ts', 'second', memory(3 * MB, 0), { project: 'node' }),
  testReport('test/a.test.ts', 'first', memory(1 * MB, -512)),
  testReport('test/a.test.ts', 'skipped', null, { state: 'skip' }),
])

describe('the baseline file', () => {
  test('--update twice writes byte-identical files, tests sorted, fields in a fixed order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leakguard-baseline-'))
    const path = join(dir, 'leakguard.baseline.json')
    writeBaseline(path, baselineFromReport(unsorted))
    const first = readFileSync(path, 'utf8')
    const reversed = report([...unsorted.tests].reverse())
    writeBaseline(path, baselineFromReport(reversed))
    expect(readFileSync(path, 'utf8')).toBe(first)
    // Atomic: no temporary file is left next to it.
    expect(readdirSync(dir)).toEqual(['leakguard.baseline.json'])
    const parsed = JSON.parse(first)
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'environment', 'tests'])
    expect(parsed.tests.map((t: { name: string }) => t.name)).toEqual(['first', 'second', 'z last'])
    expect(Object.keys(parsed.tests[1])).toEqual([
      'file',
      'name',
      'project',
      'retainedHeap',
      'peakRssDelta',
      'gcForced',
      'peakMethod',
      'rssScope',
    ])
    expect([parsed.tests[1].peakMethod, parsed.tests[1].rssScope]).toEqual([
      'kernel-hwm',
      'process',
    ])
    expect(readBaseline(path).tests).toHaveLength(3)
  })

  test('a baseline written before peakMethod and rssScope existed still reads', () => {
    const text = JSON.stringify({
      schemaVersion: 1,
      environment: { platform: 'linux', arch: 'x64', node: 'v20.20.2', vitest: '4.1.12' },
      tests: [{ file: 'a.test.ts', name: 'a', retainedHeap: 1, peakRssDelta: 2, gcForced: true }],
    })
    expect(parseBaseline(text, 'old.json').tests).toEqual([
      { file: 'a.test.ts', name: 'a', retainedHeap: 1, peakRssDelta: 2, gcForced: true },
    ])
    const wrong = text.replace('"gcForced":true', '"gcForced":true,"peakMethod":"guessed"')
    expect(() => parseBaseline(wrong, 'old.json')).toThrow(/tests\[0\]\.peakMethod/)
  })

  test('malformed JSON names the file, line and column', () => {
    const text = '{\n  "schemaVersion": 1,\n  "tests": [,]\n}\n'
    try {
      parseBaseline(text, 'leakguard.baseline.json')
      expect.unreachable()
    } catch (error) {
      if (!isReportInputError(error, 'InvalidJson')) throw error
      expect([error.line, error.column]).toEqual([3, 13])
      expect(error.message).toMatch(/^leakguard\.baseline\.json:3:13: invalid JSON: /)
    }
  })

  test('a cut-off file points at its end', () => {
    expect(() => parseBaseline('{\n  "tests": [', 'b.json')).toThrow(
      /^b\.json:2:13: invalid JSON: /,
    )
  })

  test('a wrong shape names each bad field', () => {
    const text = JSON.stringify({
      schemaVersion: 1,
      environment: { platform: 'linux', arch: 'x64', node: 'v20', vitest: '4' },
      tests: [{ file: 'a.ts', name: 'x', retainedHeap: '12 MB', peakRssDelta: 1 }],
    })
    expect(() => parseBaseline(text, 'b.json')).toThrow(
      'b.json: not a leakguard baseline: tests[0].retainedHeap: expected number, received string; tests[0].gcForced: expected boolean, received undefined',
    )
  })
})

describe('mergeReports', () => {
  const shard1 = report([testReport('test/a.test.ts', 'one', memory(1 * MB, 0))])
  const shard2 = report([testReport('test/b.test.ts', 'two', memory(2 * MB, 0))], {
    complete: false,
    createdAt: '2026-11-27T10:05:00.000Z',
  })

  test('concatenates shards; incomplete if any shard is', () => {
    const merged = mergeReports([shard1, shard2])
    expect(merged.tests.map((test) => test.name)).toEqual(['one', 'two'])
    expect(merged.complete).toBe(false)
    expect(merged.createdAt).toBe('2026-11-27T10:05:00.000Z')
  })

  test('a test in two shards is an error naming both', () => {
    expect(() =>
      mergeReports([shard1, shard1], ['shard-1/report.json', 'shard-1-again/report.json']),
    ).toThrow(
      'test "one" (test/a.test.ts) is in both shard-1/report.json and shard-1-again/report.json: pass each shard\'s report once',
    )
  })
})
