import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { analyzeLog } from '../../src/report/analyze.js'
import { formatAnalysis } from '../../src/report/analyze-format.js'
import { isReportInputError } from '../../src/report/errors.js'
import { type ParsedLog, parseLogText, readLogs } from '../../src/report/log-reader.js'

const fixture = (name: string): string =>
  fileURLToPath(new URL(`fixtures/${name}`, import.meta.url))
const workerA = fixture('worker-a.jsonl')
const workerB = fixture('worker-b.jsonl')

describe('reading memory.jsonl', () => {
  test('skips a malformed line with a warning naming file, line and column', () => {
    const log = readLogs([workerA])
    expect(log.warnings).toEqual([
      `${workerA}:4:40: malformed line skipped (Expected double-quoted property name)`,
    ])
    expect(log.events.filter(({ event }) => event.type === 'test-end')).toHaveLength(3)
  })

  test("reports a crashed worker's truncated last line with the test that was running", () => {
    const log = readLogs([workerB])
    expect(log.warnings).toEqual([
      `${workerB}:6: worker log ends mid-line: last test running was "ensemble > <script>alert(1)</script> big run" (test/ensemble-v2.test.ts, pid 102)`,
    ])
    expect(log.unfinished.map((test) => test.id)).toEqual(['b3'])
  })

  test('names a test that started but never ended when the log ends cleanly', () => {
    const start = {
      type: 'test-start',
      time: 1,
      pid: 7,
      id: 'x',
      file: 'a.test.ts',
      name: 'big',
      rss: 1,
      heapUsed: 1,
    }
    const log = parseLogText(`${JSON.stringify(start)}\n`, 'w.jsonl')
    expect(log.warnings).toEqual([
      'w.jsonl: test "big" (a.test.ts) started but never ended: its worker (pid 7) likely died',
    ])
  })

  test('skips valid JSON that is not an event, naming the bad field', () => {
    const log = parseLogText('{"type":"test-start","time":1,"pid":"seven"}\n', 'w.jsonl')
    expect(log.warnings[0]).toMatch(/^w\.jsonl:1: not a leakguard event, skipped \(pid: /)
  })

  test('a missing file and a log with nothing parseable are typed errors', () => {
    expect(() => readLogs(['/nonexistent/memory.jsonl'])).toThrow(
      'cannot read /nonexistent/memory.jsonl: no such file',
    )
    try {
      readLogs([fixture('generate-logs.mjs')])
      expect.unreachable()
    } catch (error) {
      expect(isReportInputError(error, 'NothingParseable')).toBe(true)
    }
  })
})

describe('analyzeLog', () => {
  const analysis = analyzeLog(readLogs([workerA, workerB]))

  test('keys tests by file, name and id: the same name in two files is two tests', () => {
    const stores = analysis.top.filter((test) => test.name === 'ensemble > writes stores')
    expect(stores.map((test) => test.file)).toEqual([
      'test/ensemble.test.ts',
      'test/ensemble-v2.test.ts',
    ])
  })

  test('finds the spike above the previous test of the same worker, and names the culprit', () => {
    expect(
      analysis.spikes.map((spike) => [spike.name, spike.file, spike.rise / 1024 ** 2]),
    ).toEqual([['ensemble > writes stores', 'test/ensemble.test.ts', 412]])
    expect(analysis.culprit?.file).toBe('test/ensemble.test.ts')
  })

  test('a spike needs a rise above the threshold: 412 MB is not a spike at 412 MB', () => {
    expect(analyzeLog(readLogs([workerA]), { spikeBytes: 412 * 1024 ** 2 }).spikes).toEqual([])
    expect(
      analyzeLog(readLogs([workerA]), { spikeBytes: 412 * 1024 ** 2 - 1 }).spikes,
    ).toHaveLength(1)
  })

  test('the same log passed twice (merged and worker log) counts each test once', () => {
    const twice = readLogs([workerA, workerA])
    expect(analyzeLog(twice).entries).toBe(3)
  })

  test('averages repeated runs of one test and keeps the maximum', () => {
    const rerun = readFileSync(workerA, 'utf8').replace(
      /"time":(\d+)/g,
      (_, time) => `"time":${Number(time) + 1_000_000}`,
    )
    const again = analyzeLog(mergeParsed(readLogs([workerA]), parseLogText(rerun, 'rerun.jsonl')))
    const stores = again.top[0]
    expect(stores).toMatchObject({
      runs: 2,
      maxPeakRssDelta: 418 * 1024 ** 2,
      avgPeakRssDelta: 418 * 1024 ** 2,
    })
  })

  test('prints the sections a human reads', () => {
    expect(formatAnalysis(analysis)).toEqual([
      'leakguard analyze: 5 entries from 2 logs',
      `WARNING: ${workerA}:4:40: malformed line skipped (Expected double-quoted property name)`,
      `WARNING: ${workerB}:6: worker log ends mid-line: last test running was "ensemble > <script>alert(1)</script> big run" (test/ensemble-v2.test.ts, pid 102)`,
      '',
      'Top 5 memory-intensive tests by peak',
      '  1. "ensemble > writes stores" (test/ensemble.test.ts): peak Δ max +418.0 MB, avg +418.0 MB (1 run); peak RSS max 508.0 MB',
      '  2. "ensemble > writes stores" (test/ensemble-v2.test.ts): peak Δ max +35.0 MB, avg +35.0 MB (1 run); peak RSS max 120.0 MB',
      '  3. "ensemble > disaggregates" (test/ensemble-v2.test.ts): peak Δ max +30.0 MB, avg +30.0 MB (1 run); peak RSS max 130.0 MB',
      '  4. "ensemble > reads back" (test/ensemble.test.ts): peak Δ max +20.0 MB, avg +20.0 MB (1 run); peak RSS max 170.0 MB',
      '  5. "ensemble > simulates" (test/ensemble.test.ts): peak Δ max +16.0 MB, avg +16.0 MB (1 run); peak RSS max 96.0 MB',
      '',
      'Memory timeline',
      '  pid 101: 3 tests, peak RSS 96.0 MB → 170.0 MB, RSS after 90.0 MB → 160.0 MB',
      '  pid 102: 2 tests, peak RSS 120.0 MB → 130.0 MB, RSS after 100.0 MB → 110.0 MB',
      '  ▲ spike +412.0 MB: "ensemble > writes stores" (test/ensemble.test.ts) peaked 508.0 MB after 96.0 MB (pid 101)',
      '  Likely culprit: "ensemble > writes stores" (test/ensemble.test.ts), +412.0 MB above the test before it',
      '',
      'Unclosed datasets',
      '  ✗ "ensemble > writes stores" (test/ensemble-v2.test.ts): 1 open: zarr-dataset "ensemble_daily" (7) opened at test/ensemble-v2.test.ts:14:22',
      '  ✗ "ensemble > disaggregates" (test/ensemble-v2.test.ts): 2 open: zarr-dataset "ensemble" (9) opened at test/ensemble-v2.test.ts:31:18; zarr-dataset "ensemble_trans" (10) opened at test/ensemble-v2.test.ts:32:18',
      '  ⚠ open handles keep growing in pid 102: 1 → 3 across 2 tests (nothing closes them)',
    ])
  })

  test('a clean log says so', () => {
    const lines = formatAnalysis(analyzeLog(readLogs([fixture('clean.jsonl')])))
    expect(lines).toContain('  ✓ No unclosed datasets detected')
    expect(lines).toContain('  No spikes above 100.0 MB')
  })
})

function mergeParsed(a: ParsedLog, b: ParsedLog): ParsedLog {
  return {
    events: [...a.events, ...b.events],
    warnings: [...a.warnings, ...b.warnings],
    unfinished: [...a.unfinished, ...b.unfinished],
  }
}
