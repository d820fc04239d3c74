import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import type { LogEvent } from '../../src/report/log-events.js'
import { mergeWorkerLogs, workerLogPaths, writeMergedLog } from '../../src/report/merge-logs.js'

// memory.jsonl carries the workers' lines as they wrote them (not serialised again): what
// a user reads there must still be every event, in time order, one bare JSON object a line.
const end = (pid: number, time: number, id: string): LogEvent => ({
  type: 'test-end',
  time,
  pid,
  id,
  file: 'a.test.ts',
  name: `a > ${id}`,
  state: 'pass',
  status: 'ok',
  memory: {
    heapUsedBefore: 1_000,
    heapUsedAfter: 1_500,
    retainedHeap: 500,
    rssBefore: 40_960,
    rssAfter: 45_056,
    peakRss: 49_152,
    peakRssDelta: 8_192,
    peakMethod: 'kernel-hwm',
    externalAfter: 2_048,
    arrayBuffersAfter: 1_024,
    fdDelta: 0,
    gcForced: false,
    rssScope: 'process',
  },
  leaks: [],
})

test('memory.jsonl: the worker lines merged in time order, each as written; a padded line re-serialised', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leakguard-merged-log-'))
  mkdirSync(join(dir, 'workers'))
  const a1 = JSON.stringify(end(101, 1, 't1'))
  const a2 = JSON.stringify(end(101, 3, 't3'))
  const b1 = JSON.stringify(end(102, 2, 't2'))
  // A line with a '\r' and spaces around it (a log edited on Windows) is valid JSON.
  const padded = `  ${JSON.stringify(end(102, 4, 't4'))} \r`
  writeFileSync(join(dir, 'workers', '101-0.jsonl'), `${a1}\n${a2}\n`)
  writeFileSync(join(dir, 'workers', '102-0.jsonl'), `${b1}\n${padded}\n`)
  const paths = workerLogPaths(dir)
  const merged = mergeWorkerLogs(paths)
  expect(merged.lines).toEqual([a1, b1, a2, end(102, 4, 't4')])
  expect(merged.events.map((event) => event.time)).toEqual([1, 2, 3, 4])

  const out = join(dir, 'memory.jsonl')
  writeMergedLog(out, merged.lines, paths)
  expect(readFileSync(out, 'utf8')).toBe(
    `${a1}\n${b1}\n${a2}\n${JSON.stringify(end(102, 4, 't4'))}\n`,
  )
  // Each line reads back as the event the worker logged.
  const lines = readFileSync(out, 'utf8').trim().split('\n')
  expect(lines.map((line) => JSON.parse(line))).toEqual(merged.events)
})
