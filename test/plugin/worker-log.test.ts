import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { WorkerLog } from '../../plugin/worker-log.js'
import type { LogEvent } from '../../src/report/log-events.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function newLog(): WorkerLog {
  const dir = mkdtempSync(join(tmpdir(), 'leakguard-worker-log-'))
  dirs.push(dir)
  return new WorkerLog(dir)
}

const types = (log: WorkerLog) =>
  readFileSync(log.path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as LogEvent).type)

const start = (id: string): LogEvent => ({
  type: 'test-start',
  time: 1,
  pid: 1,
  id,
  file: 'a.test.ts',
  name: id,
  rss: 1,
  heapUsed: 1,
})
const gc = (id: string): LogEvent => ({
  type: 'test-gc',
  time: 2,
  pid: 1,
  id,
  file: 'a.test.ts',
  name: id,
  thread: 0,
  gcCount: 0,
  fullGcCount: 0,
  gcPauseMs: 0,
  heapAfterGc: null,
})

test('a held line goes out with the next line, before it, and a flush writes what is left', () => {
  const log = newLog()
  log.write(start('t1'))
  log.later(gc('t1'))
  // Held, not lost: not in the file yet.
  expect(types(log)).toEqual(['test-start'])
  log.write(start('t2'))
  expect(types(log)).toEqual(['test-start', 'test-gc', 'test-start'])
  log.later(gc('t2'))
  log.flush()
  log.flush() // nothing left: writes nothing
  expect(types(log)).toEqual(['test-start', 'test-gc', 'test-start', 'test-gc'])
})
