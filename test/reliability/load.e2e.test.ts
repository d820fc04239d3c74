import { execFile } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import type { Report } from '../../src/report/model.js'
import { repoRoot, siteOf } from '../e2e/run-vitest.js'

// test/e2e/projects/reliability-load: two test files at once (two forks), each creating
// 300 real stores concurrently, writing and closing them, opening all 300 again at once
// and reading them, then leaving 7 (one file) and 13 (the other) open. Run under
// `ulimit -n 256`, macOS's default and a quarter of Linux's usual 1024, not this machine's
// 20000. Before opens and creates were bounded (MAX_METADATA_IO) this hit EMFILE.
const project = 'reliability-load'
const root = join(repoRoot, 'test/e2e/projects', project)
let run: { code: number; output: string; report: Report }

beforeAll(async () => {
  rmSync(join(root, '.leakguard'), { recursive: true, force: true })
  const vitest = join(repoRoot, 'node_modules/vitest/vitest.mjs')
  run = await new Promise((done) => {
    execFile(
      'bash',
      ['-c', 'ulimit -n 256 && exec "$0" "$@"', process.execPath, vitest, 'run', '--root', root],
      { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
      (error, stdout, stderr) =>
        done({
          code: error ? Number(error.code ?? 1) : 0,
          output: `${stdout}\n${stderr}`,
          report: JSON.parse(readFileSync(join(root, '.leakguard/report.json'), 'utf8')),
        }),
    )
  })
}, 60_000)

describe('600 concurrent stores in two files at once, under ulimit -n 256', () => {
  test('no EMFILE anywhere; each test fails only for the stores it left open', () => {
    expect(run.output).not.toContain('EMFILE')
    expect(run.code).toBe(1)
    expect(run.report.tests.map((t) => [t.name, t.state, t.status])).toEqual([
      ['300 stores at once, 7 left open', 'fail', 'leak'],
      ['300 stores at once, 13 left open', 'fail', 'leak'],
    ])
  })

  test('report.json counts exactly the stores left open: 7 and 13, by name and open site', () => {
    // The handle is tracked after openDataset's awaits, so the async stack's user frame
    // is the awaited Promise.all around it.
    const site = siteOf(project, 'burst.ts', 'await Promise.all(created.map((ds) => openDataset')
    for (const [name, count] of [
      ['300 stores at once, 7 left open', 7],
      ['300 stores at once, 13 left open', 13],
    ] as const) {
      const leaks = run.report.tests.find((t) => t.name === name)?.leaks ?? []
      // Leaks are listed in open order, and 300 concurrent opens finish in any order.
      const stores = leaks.map((l) => Number(l.label.split('/').at(-1)?.replace('.zarr', '')))
      expect(stores.sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i))
      expect(new Set(leaks.map((l) => `${l.kind} ${l.openedAt} ${l.state}`))).toEqual(
        new Set([`dataset ${site} open`]),
      )
    }
    expect(run.report.scopes).toEqual([])
  })

  test('an open store holds no file descriptor: each test ends with as many fds as it began', () => {
    expect(run.report.tests.map((t) => t.memory?.fdDelta)).toEqual([0, 0])
  })
})
