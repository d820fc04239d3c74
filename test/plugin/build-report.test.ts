import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { buildReport } from '../../src/report/build-report.js'
import type { TestStartEvent } from '../../src/report/log-events.js'
import { mergeWorkerLogs, workerLogPaths, writeMergedLog } from '../../src/report/merge-logs.js'
import type { TestReport } from '../../src/report/model.js'
import { memory as figures, MB } from '../report/make-report.js'

const environment = { platform: 'linux', arch: 'x64', node: 'v20', vitest: '4.1.12', pool: 'forks' }
const start = (id: string, name: string, time: number, pid = 10): TestStartEvent => ({
  type: 'test-start',
  time,
  pid,
  id,
  file: 'a.test.ts',
  name,
  rss: 300 * MB,
  heapUsed: 20 * MB,
})

test('a test whose worker died is marked crashed with its last figures; the report is incomplete', () => {
  const pending: TestReport = {
    file: 'a.test.ts',
    name: 'big',
    state: 'fail',
    status: 'ok',
    leaks: [],
    memory: null,
    durationMs: null,
  }
  const report = buildReport({
    createdAt: new Date(0),
    environment,
    tests: [pending],
    scopes: [],
    crashed: [start('a_1', 'big', 5)],
    finished: true,
  })
  expect(report.complete).toBe(false)
  expect(report.tests).toEqual([
    {
      file: 'a.test.ts',
      name: 'big',
      state: 'crashed',
      status: 'crashed',
      leaks: [],
      memory: null,
      durationMs: null,
      pid: 10,
      notes: [
        'Its worker (pid 10) died while it ran; last figures at its start: rss 300.0 MB, heap used 20.0 MB',
      ],
    },
  ])
})

test('worker logs merge in time order; an unfinished test is found; merged files are removed', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'leakguard-logs-'))
  const workers = join(outDir, 'workers')
  const line = (event: object) => `${JSON.stringify(event)}\n`
  const end = {
    type: 'test-end',
    pid: 10,
    id: 'a_0',
    file: 'a.test.ts',
    name: 'ok',
    state: 'pass',
    status: 'ok',
    leaks: [],
  }
  const memory = figures(0, 0)
  mkdirSync(workers)
  writeFileSync(
    join(workers, '10-0.jsonl'),
    line(start('a_0', 'ok', 1)) + line({ ...end, time: 4, memory }) + line(start('a_1', 'big', 5)),
  )
  writeFileSync(
    join(workers, '11-0.jsonl'),
    line(start('b_0', 'other', 2, 11)) +
      line({ ...end, pid: 11, id: 'b_0', name: 'other', time: 3, memory }),
  )
  const paths = workerLogPaths(outDir)
  const merged = mergeWorkerLogs(paths)
  expect(merged.events.map((event) => event.time)).toEqual([1, 2, 3, 4, 5])
  expect(merged.crashed.map((event) => event.name)).toEqual(['big'])
  writeMergedLog(join(outDir, 'memory.jsonl'), merged.events, paths)
  expect(readdirSync(outDir)).toEqual(['memory.jsonl'])
  expect(readFileSync(join(outDir, 'memory.jsonl'), 'utf8').trim().split('\n')).toHaveLength(5)
})

test("a test whose result never reached the main process is completed from its worker's log", () => {
  const memory = figures(2 * MB, MB)
  const report = buildReport({
    createdAt: new Date(0),
    environment,
    tests: [
      {
        file: 'a.test.ts',
        name: 'ok',
        state: 'skip',
        status: 'ok',
        leaks: [],
        memory: null,
        durationMs: null,
      },
    ],
    scopes: [],
    crashed: [],
    ended: [
      {
        type: 'test-end',
        time: 1,
        pid: 7,
        id: 'a_0',
        file: 'a.test.ts',
        name: 'ok',
        state: 'pass',
        status: 'ok',
        memory,
        leaks: [],
      },
    ],
    finished: true,
  })
  expect(report.tests[0]).toMatchObject({ state: 'pass', memory, pid: 7 })
  expect(report.tests[0]?.notes).toEqual([
    'Completed from the worker log: its result never reached the main process (its worker died, or the run was interrupted)',
  ])
})
