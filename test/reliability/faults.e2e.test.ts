import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { parseLogText } from '../../src/report/log-reader.js'
import { schemaErrors } from '../e2e/report-schema.js'
import { runVitest, siteOf, type VitestRun } from '../e2e/run-vitest.js'

// One real vitest run of test/e2e/projects/reliability-faults (forks pool, gc: true,
// --max-old-space-size=96 for its workers). A SIGKILL mid-test is covered by the memory
// project (test/e2e/memory.test.ts); here: process.exit(1), a real exit vitest cannot
// intercept, a V8 heap OOM (fatal error, abort), a timeout holding a store, and an
// ensemble whose worker throws.
let run: VitestRun
beforeAll(async () => {
  run = await runVitest('reliability-faults')
}, 60_000)

const row = (name: string) => {
  const found = run.report.tests.find((t) => t.name === name)
  if (!found) throw new Error(`no report row for ${name}`)
  return found
}
const failure = (name: string) =>
  run.json.testResults
    .flatMap((file) => file.assertionResults)
    .find((t) => t.fullName === name)
    ?.failureMessages.join('\n') ?? ''
const crashNote =
  /^Its worker \(pid \d+\) died while it ran; last figures at its start: rss \d+\.\d MB, heap used \d+\.\d MB$/

describe('a test-file process dies mid-test', () => {
  test('process.exit(1) is turned into a failure by vitest: the test fails with its figures, no crash', () => {
    const exited = row('calls process.exit(1) mid-test')
    expect([exited.state, exited.status, exited.memory?.peakMethod]).toEqual([
      'fail',
      'ok',
      'kernel-hwm',
    ])
    expect(failure('calls process.exit(1) mid-test')).toContain(
      'process.exit unexpectedly called with "1"',
    )
    expect(row('runs after the process.exit(1)').state).toBe('pass')
  })

  test('a real exit mid-test: that test is crashed with its last figures, the file’s earlier test intact', () => {
    const crashed = row('exits the process for real mid-test')
    expect([crashed.state, crashed.status, crashed.memory, crashed.leaks]).toEqual([
      'crashed',
      'crashed',
      null,
      [],
    ])
    expect(crashed.notes).toEqual([expect.stringMatching(crashNote)])
    const before = row('closes its store before the exits')
    expect([before.state, before.status, before.memory?.peakMethod]).toEqual([
      'pass',
      'ok',
      'kernel-hwm',
    ])
    // The test after it never started: no figures, not crashed, and a note says why.
    const after = row('never runs: its worker is gone')
    expect([after.state, after.memory, after.notes]).toEqual([
      'skip',
      null,
      ['Never ran: its worker stopped before it (a crash in its file, or an interrupt)'],
    ])
    expect(run.output).toContain('CRASHED: exit.test.ts > exits the process for real mid-test')
  })

  test('a V8 heap OOM (fatal error, abort): crashed with its last figures, the test before it intact', () => {
    expect(run.output).toContain('Reached heap limit')
    const oom = row('runs out of heap (V8 fatal error, the process aborts)')
    expect([oom.state, oom.status, oom.memory]).toEqual(['crashed', 'crashed', null])
    expect(oom.notes).toEqual([expect.stringMatching(crashNote)])
    expect(row('passes before the heap runs out').state).toBe('pass')
    expect(run.output).toMatch(
      /leakguard: .*\/workers\/\d+-0\.jsonl: test "runs out of heap \(V8 fatal error, the process aborts\)" \(oom\.test\.ts\) started but never ended: its worker \(pid \d+\) likely died/,
    )
  })

  test('memory.jsonl keeps the crashed tests’ start lines with their figures; the report is marked incomplete', () => {
    const log = parseLogText(readFileSync(join(run.outDir, 'memory.jsonl'), 'utf8'), 'memory.jsonl')
    expect(log.warnings.filter((w) => w.includes('malformed'))).toEqual([])
    for (const name of [
      'exits the process for real mid-test',
      'runs out of heap (V8 fatal error, the process aborts)',
    ]) {
      const start = log.events.find((s) => s.event.type === 'test-start' && s.event.name === name)
      expect(start?.event.type === 'test-start' && start.event.rss).toBeGreaterThan(0)
      expect(row(name).notes?.[0]).toContain(`(pid ${start?.event.pid})`)
    }
    expect(run.report.complete).toBe(false)
    expect(run.exitCode).toBe(1)
    expect(schemaErrors(run.report)).toEqual([])
  })
})

describe('a test times out holding a store', () => {
  test('the leak check still runs after the timeout and names the store and its open site', () => {
    const timedOut = row('times out holding a store')
    expect([timedOut.state, timedOut.status]).toEqual(['fail', 'leak'])
    expect(
      timedOut.leaks.map((l) => [l.kind, l.label.split('/').at(-1), l.openedAt, l.state]),
    ).toEqual([
      [
        'dataset',
        'held-past-timeout.zarr',
        siteOf('reliability-faults', 'timeout.test.ts', "await makeStore('held-past-timeout')"),
        'open',
      ],
    ])
    const message = failure('times out holding a store')
    // vitest's JSON keeps only the timeout's stack; its terminal output has the message.
    expect(run.output).toContain('FAIL  timeout.test.ts > times out holding a store')
    expect(run.output).toContain('Error: Test timed out in 300ms.')
    expect(message).toContain(
      'HandleLeakError: Test "times out holding a store" (timeout.test.ts) left 1 handle open after its teardown:',
    )
    expect(row('a clean test after the timeout')).toMatchObject({ state: 'pass', status: 'ok' })
  })
})

describe('an ensemble worker throws mid-simulateEnsemble', () => {
  test('the test sees the typed error (asserted in the project); leakguard finds nothing left open', () => {
    const ensemble = row(
      'a worker throws mid-ensemble: typed error with cause and index, no store left',
    )
    expect([ensemble.state, ensemble.status, ensemble.leaks]).toEqual(['pass', 'ok', []])
    expect(ensemble.memory?.fdDelta).toBe(0)
  })
})
