import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, expect, test } from 'vitest'
import { schemaErrors } from './report-schema.js'
import { runVitest, type VitestRun } from './run-vitest.js'

const MB = 1024 ** 2
let run: VitestRun

beforeAll(async () => {
  run = await runVitest('gc-growth')
}, 120_000)

test('a worker whose heap after GC grows by 3 MB each test is warned about; the steady one is not', () => {
  expect(run.exitCode, run.output).toBe(0)
  expect(schemaErrors(run.report)).toEqual([])
  const workers = run.report.workers ?? []
  expect(workers).toHaveLength(2)
  const pidOf = (file: string) => run.report.tests.find((test) => test.file === file)?.pid
  const grows = workers.find((worker) => worker.pid === pidOf('grows.test.ts'))
  const steady = workers.find((worker) => worker.pid === pidOf('steady.test.ts'))

  for (const worker of [grows, steady]) {
    expect(worker?.tests).toBe(7)
    // gc: true forces two full GCs a test; V8 may add its own.
    expect(worker?.fullGcCount).toBeGreaterThanOrEqual(13)
    expect(worker?.gcCount).toBeGreaterThanOrEqual(worker?.fullGcCount ?? 0)
    expect(worker?.gcPauseMs).toBeGreaterThan(0)
  }
  expect(steady?.growth).toBeUndefined()
  // 7 tests, 3 MB each: at least 5 rises in a row (the first sample may precede test #1).
  expect(grows?.growth?.tests).toBeGreaterThanOrEqual(5)
  expect(grows?.growth?.to).toEqual({ file: 'grows.test.ts', name: 'keeps 3 MB more, #7' })
  const perRise = (grows?.growth?.bytes ?? 0) / (grows?.growth?.tests ?? 1)
  expect(perRise).toBeGreaterThan(2.5 * MB)
  expect(perRise).toBeLessThan(3.5 * MB)

  const warning =
    /heap after GC grew after \d tests in a row in worker pid \d+, \+\d+\.\d MB from "keeps 3 MB more, #\d" to "keeps 3 MB more, #7" \(grows\.test\.ts\)/
  // The same warning in the report's note, the terminal and summary.md.
  const last = run.report.tests.find((test) => test.name === 'keeps 3 MB more, #7')
  expect(last?.notes?.some((note) => warning.test(note))).toBe(true)
  expect(run.output).toMatch(new RegExp(`WARNING: ${warning.source}`))
  const summary = readFileSync(join(run.outDir, 'summary.md'), 'utf8')
  expect(summary).toMatch(/### Heap growth\n\n- ⚠ heap after GC grew after/)
  expect(run.report.tests.every((test) => test.status === 'ok')).toBe(true)
})
