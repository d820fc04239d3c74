import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { mergeWorkerLogs, workerLogPaths } from '../../src/report/merge-logs.js'

// A worker opens its log just before its first test's line; killed in between (e.g. while
// a heap snapshot is taken) or interrupted, it leaves an empty log. Merging must not throw
// then: the reporter would write no report at all.
function outDir(logs: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'leakguard-empty-log-'))
  mkdirSync(join(dir, 'workers'))
  for (const [name, text] of Object.entries(logs)) writeFileSync(join(dir, 'workers', name), text)
  return dir
}

test('only empty worker logs: nothing merged, one warning naming them', () => {
  const dir = outDir({ '101-0.jsonl': '' })
  const paths = workerLogPaths(dir)
  expect(mergeWorkerLogs(paths)).toEqual({
    events: [],
    lines: [],
    crashed: [],
    warnings: [`no leakguard event in ${paths[0]}: no test had started`],
  })
})

test('an empty log beside a real one: the real one is merged, its unfinished test crashed', () => {
  const start = {
    type: 'test-start',
    time: 1,
    pid: 102,
    id: 't1',
    file: 'a.test.ts',
    name: 'runs when its worker dies',
    rss: 1,
    heapUsed: 1,
  }
  const dir = outDir({ '101-0.jsonl': '', '102-0.jsonl': `${JSON.stringify(start)}\n` })
  const merged = mergeWorkerLogs(workerLogPaths(dir))
  expect(merged.events).toEqual([start])
  expect(merged.crashed).toEqual([start])
})
