import { beforeAll, describe, expect, test } from 'vitest'
import { schemaErrors } from './report-schema.js'
import { failedTests, runVitest, type VitestRun } from './run-vitest.js'

const MB = 1024 * 1024
let run: VitestRun
beforeAll(async () => {
  run = await runVitest('memory')
})

function memoryOf(name: string) {
  const memory = run.report.tests.find((test) => test.name === name)?.memory
  if (!memory) throw new Error(`no memory for ${name}`)
  return memory
}

describe('memory project (gc: true, memoryLimit: 100 MB)', () => {
  test('a 300 MB spike inside one synchronous call shows in the kernel peak; 80 MB does not reach it', () => {
    const spike = memoryOf('transient 300 MB peak inside one synchronous call')
    expect(spike.peakMethod).toBe('kernel-hwm')
    expect(spike.peakRssDelta).toBeGreaterThanOrEqual(285 * MB)
    expect(memoryOf('spike of 80 MB stays under the 100 MB limit').peakRssDelta).toBeLessThan(
      285 * MB,
    )
    expect(memoryOf('control: allocates nothing').peakRssDelta).toBeLessThan(8 * MB)
  })

  test('64 MB kept alive shows as retained heap after forced GC; the control stays near 0', () => {
    const kept = memoryOf('retains 64 MB of heap')
    expect(kept.gcForced).toBe(true)
    expect(kept.retainedHeap).toBeGreaterThanOrEqual(60 * MB)
    expect(Math.abs(memoryOf('control: allocates nothing').retainedHeap)).toBeLessThan(2 * MB)
  })

  test('the 100 MB limit passes an 80 MB spike and fails a 150 MB one with the figures', () => {
    expect(run.exitCode).toBe(1)
    const memoryFile = run.json.testResults.filter((file) => file.name.endsWith('/memory.test.ts'))
    expect(failedTests({ ...run.json, testResults: memoryFile })).toEqual([
      'drops an open store without closing it',
      'spike of 150 MB passes the 100 MB limit',
      'transient 300 MB peak inside one synchronous call',
    ])
    expect(run.output).toMatch(
      /MemoryLimitError: Test "spike of 150 MB passes the 100 MB limit" \(memory\.test\.ts\) was limited to 100\.0 MB but peaked at 15\d\.\d MB above its start \(peak RSS \d+\.\d MB, kernel-hwm\)/,
    )
    const statuses = Object.fromEntries(
      run.report.tests.filter((t) => t.file === 'memory.test.ts').map((t) => [t.name, t.status]),
    )
    expect(statuses).toEqual({
      'control: allocates nothing': 'ok',
      'spike of 80 MB stays under the 100 MB limit': 'ok',
      'spike of 150 MB passes the 100 MB limit': 'over-limit',
      'transient 300 MB peak inside one synchronous call': 'over-limit',
      'retains 64 MB of heap': 'ok',
      'drops an open store without closing it': 'leak',
    })
  })

  test('the terminal summary ranks tests by peak growth in human units', () => {
    expect(run.output).toMatch(
      /Top peak RSS growth:\n\s+30\d\.\d MB {2}memory\.test\.ts > transient 300 MB peak/,
    )
    expect(run.output).toMatch(
      /Top retained heap \(after forced GC\):\n\s+6\d\.\d MB {2}memory\.test\.ts > retains 64 MB of heap/,
    )
  })

  test('a store dropped without close is reported as collected while open, against its test', () => {
    const test = run.report.tests.find((t) => t.name === 'drops an open store without closing it')
    expect(test?.status).toBe('leak')
    expect(test?.leaks.map((leak) => [leak.state, leak.openedAt])).toEqual([
      ['collected-while-open', expect.stringMatching(/^memory\.test\.ts:\d+:\d+$/)],
    ])
  })

  test('report.json (with gc figures and over-limit tests) matches the schema', () => {
    expect(schemaErrors(run.report)).toEqual([])
  })

  test('a worker killed mid-test leaves that test marked crashed, and the report incomplete', () => {
    const crashed = run.report.tests.find((t) => t.name === 'is killed mid-test, like an OOM kill')
    expect([crashed?.state, crashed?.status, crashed?.memory]).toEqual(['crashed', 'crashed', null])
    expect(crashed?.notes?.[0]).toMatch(
      /^Its worker \(pid \d+\) died while it ran; last figures at its start: rss \d+\.\d MB, heap used \d+\.\d MB$/,
    )
    expect(run.report.tests.find((t) => t.name === 'runs before the crash')?.state).toBe('pass')
    expect(run.report.complete).toBe(false)
    expect(run.output).toContain('CRASHED: crash.test.ts > is killed mid-test, like an OOM kill')
  })
})
