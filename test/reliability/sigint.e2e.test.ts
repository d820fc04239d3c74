import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { beforeAll, describe, expect, test } from 'vitest'
import type { Report } from '../../src/report/model.js'
import { schemaErrors } from '../e2e/report-schema.js'
import { repoRoot } from '../e2e/run-vitest.js'

// `vitest run` on test/e2e/projects/reliability-sigint, interrupted with SIGINT (sent to
// the vitest main process only, as CI runners and `kill -INT` do) while its last test
// waits. vitest exits a millisecond after SIGINT without ending the run, so this checks
// that leakguard still writes report.json, marked incomplete, with the finished tests.
const root = join(repoRoot, 'test/e2e/projects/reliability-sigint')
const outDir = join(root, '.leakguard')
const RUNNING = 'is still running when interrupted'

let exit: { code: number | null; signal: string | null; output: string; waitedMs: number }
let report: Report

/** True once some worker log holds the start line of the waiting test. */
function runningTestStarted(): boolean {
  const dir = join(outDir, 'workers')
  if (!existsSync(dir)) return false
  return readdirSync(dir).some((name) => readFileSync(join(dir, name), 'utf8').includes(RUNNING))
}

beforeAll(async () => {
  rmSync(outDir, { recursive: true, force: true })
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--root', root, '--reporter=dot'],
    { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
  )
  let output = ''
  child.stdout.on('data', (chunk) => {
    output += chunk
  })
  child.stderr.on('data', (chunk) => {
    output += chunk
  })
  const exited = new Promise<{ code: number | null; signal: string | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  )
  const started = Date.now()
  while (!runningTestStarted()) {
    if (Date.now() - started > 20_000) throw new Error(`the waiting test never started:\n${output}`)
    await sleep(50)
  }
  const sentAt = Date.now()
  child.kill('SIGINT')
  const { code, signal } = await exited
  exit = { code, signal, output, waitedMs: Date.now() - sentAt }
  report = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8'))
}, 40_000)

describe('SIGINT to the vitest main process mid-run', () => {
  test('vitest exits at once with 130 (it does not wait for the 30 s test)', () => {
    expect([exit.code, exit.signal]).toEqual([130, null])
    expect(exit.waitedMs).toBeLessThan(10_000)
    expect(exit.output).toContain('leakguard: SIGINT: writing the report of the tests so far')
  })

  test('report.json is written, complete: false, valid against the schema', () => {
    expect(report.complete).toBe(false)
    expect(schemaErrors(report)).toEqual([])
  })

  test('the finished tests are in it with their figures and their leak', () => {
    const byName = Object.fromEntries(report.tests.map((t) => [t.name, t]))
    expect(byName['finishes before the interrupt']).toMatchObject({
      state: 'pass',
      status: 'ok',
      leaks: [],
      memory: { peakMethod: 'kernel-hwm' },
    })
    const leaky = byName['leaks a store, then finishes before the interrupt']
    expect([
      leaky?.state,
      leaky?.status,
      leaky?.leaks.map((l) => l.label.split('/').at(-1)),
    ]).toEqual(['fail', 'leak', ['b.zarr']])
  })

  test('the test that was running is not called crashed; a note gives its figures at start', () => {
    const running = report.tests.find((t) => t.name === RUNNING)
    expect(running?.state).not.toBe('crashed')
    expect([running?.status, running?.memory]).toEqual(['ok', null])
    expect(running?.notes).toEqual([
      expect.stringMatching(
        /^The run was interrupted while it ran \(pid \d+\); figures at its start: rss \d+\.\d MB, heap used \d+\.\d MB$/,
      ),
    ])
    expect(exit.output).not.toContain('CRASHED')
    expect(exit.output).not.toContain('likely died')
    expect(exit.output).toMatch(
      /leakguard: .*\/workers\/\d+-0\.jsonl: test "is still running when interrupted" \(interrupted\.test\.ts\) was still running when the run was interrupted \(pid \d+\)/,
    )
  })

  test('memory.jsonl is written too, ending with an incomplete session', () => {
    const lines = readFileSync(join(outDir, 'memory.jsonl'), 'utf8').trim().split('\n')
    expect(JSON.parse(lines.at(-1) ?? '{}')).toMatchObject({
      type: 'session-end',
      complete: false,
      tests: 3,
      leaks: 1,
    })
  })
})
