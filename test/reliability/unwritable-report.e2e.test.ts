import { execFile, execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { repoRoot } from '../e2e/run-vitest.js'

// test/e2e/projects/reliability-unwritable, with its previous .leakguard/report.json made
// immutable (`chattr +i`: as root, chmod would not stop the write). The new report cannot
// replace it. The run must say so in one line and fail, keep the old report as it was,
// and still write memory.jsonl and the summary. Skipped where chattr is not possible.
const outDir = join(repoRoot, 'test/e2e/projects/reliability-unwritable/.leakguard')
const reportPath = join(outDir, 'report.json')
const previous = `${JSON.stringify({ previous: 'report' })}\n`
let run: { exitCode: number; output: string } | undefined
let unavailable = ''

function chattr(flag: '+i' | '-i'): void {
  execFileSync('chattr', [flag, reportPath], { stdio: 'pipe' })
}

beforeAll(async () => {
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(outDir, { recursive: true })
  writeFileSync(reportPath, previous)
  try {
    chattr('+i')
  } catch (error) {
    unavailable = `chattr +i is not possible here: ${String(error).split('\n')[0]}`
    return
  }
  const root = join(repoRoot, 'test/e2e/projects/reliability-unwritable')
  const argv = [join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--root', root]
  run = await new Promise<{ exitCode: number; output: string }>((done) =>
    execFile(
      process.execPath,
      [...argv, '--reporter=dot'],
      { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
      (error, stdout, stderr) =>
        done({ exitCode: error ? Number(error.code ?? 1) : 0, output: `${stdout}\n${stderr}` }),
    ),
  ).finally(() => chattr('-i'))
}, 60_000)

afterAll(() => {
  if (!unavailable) rmSync(outDir, { recursive: true, force: true })
})

describe('report.json cannot be written', () => {
  test('one clear line naming the file and the reason; the run fails', (ctx) => {
    if (!run) return ctx.skip(unavailable)
    expect(run.exitCode).toBe(1)
    const lines = run.output.split('\n').filter((line) => line.startsWith('leakguard: cannot'))
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^leakguard: cannot write ${reportPath.replaceAll('.', '\\.')} \\(EPERM: operation not permitted, rename .*\\); the previous file is unchanged$`,
        ),
      ),
    ])
    expect(run.output).not.toContain('Unhandled Error')
    // The summary lists only what was written.
    expect(run.output).toMatch(/ {2}Report: \S*memory\.jsonl\n/)
    expect(run.output).not.toMatch(/Report: \S*report\.json/)
  })

  test('the previous report is intact, no temporary file is left, and the rest is written', (ctx) => {
    if (!run) return ctx.skip(unavailable)
    expect(readFileSync(reportPath, 'utf8')).toBe(previous)
    expect(readdirSync(outDir).sort()).toEqual([
      'memory.jsonl',
      'report.html',
      'report.json',
      'summary.md',
    ])
    const log = readFileSync(join(outDir, 'memory.jsonl'), 'utf8')
    expect(log).toContain('"name":"leaks a store"')
    expect(run.output).toContain('run.test.ts > leaks a store')
  })
})
