import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { isReportInputError } from '../../src/report/errors.js'
import { MB, memory, report, testReport } from '../report/make-report.js'
import { makeReadOnly, mountTinyDisk, type Restriction } from './unwritable.js'

// Writing the baseline or the human reports fails (a full disk, a read-only directory, a
// file where a directory should be). We run as root in CI, where chmod stops nothing, so
// the read-only case uses `chattr +i` (the immutable flag) as root and chmod otherwise,
// and the full disk is a 64 KB tmpfs. Each must end in one clear line and exit code 2,
// with the previous file byte-for-byte intact and no temporary file left beside it.

const bin = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'leakguard-writes-'))
const undo: (() => void)[] = []

afterAll(() => {
  for (const step of undo.reverse()) step()
  rmSync(root, { recursive: true, force: true })
})

function leakguard(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** A project dir holding a report of `tests` tests and a previous baseline of 2. */
function project(
  name: string,
  tests: number,
  baselineDir = name,
): { dir: string; previous: string } {
  const dir = join(root, name)
  mkdirSync(join(dir, '.leakguard'), { recursive: true })
  const rows = Array.from({ length: tests }, (_, i) =>
    testReport(`test/t${i}.test.ts`, `suite > test number ${i}`, memory(i * MB, 0)),
  )
  writeFileSync(join(dir, '.leakguard/report.json'), JSON.stringify(report(rows)))
  const previous = `${JSON.stringify({ previous: 'baseline' })}\n`
  mkdirSync(join(root, baselineDir), { recursive: true })
  writeFileSync(join(root, baselineDir, 'leakguard.baseline.json'), previous)
  return { dir, previous }
}

function applied(restriction: Restriction): boolean {
  if ('unavailable' in restriction) {
    console.warn(`skipping: ${restriction.unavailable}`)
    return false
  }
  undo.push(restriction.undo)
  return true
}

describe('leakguard gate --update cannot write the baseline', () => {
  test('disk full (ENOSPC mid-write): one clear line, exit 2, previous baseline intact', (ctx) => {
    const disk = join(root, 'disk')
    if (!applied(mountTinyDisk(disk, 64))) return ctx.skip()
    // 2,000 tests make a ~300 KB baseline: the write starts, then the 64 KB disk fills.
    const { dir, previous } = project('full', 2000, 'disk')
    const path = join(disk, 'leakguard.baseline.json')
    const run = leakguard(['gate', '--update', '--baseline', path], dir)
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `leakguard: cannot write ${path} (ENOSPC: no space left on device, write); the previous file is unchanged\n`,
    })
    expect(readFileSync(path, 'utf8')).toBe(previous)
    expect(readdirSync(disk)).toEqual(['leakguard.baseline.json'])
  })

  test('read-only directory (chattr +i as root): clear line, exit 2, previous baseline intact', (ctx) => {
    const { dir, previous } = project('readonly', 3)
    if (!applied(makeReadOnly(dir))) return ctx.skip()
    const run = leakguard(['gate', '--update'], dir)
    const path = 'leakguard.baseline.json'
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(
      /^leakguard: cannot write leakguard\.baseline\.json \((EPERM: operation not permitted|EACCES: permission denied), open '.*leakguard\.baseline\.json\.\d+\.[0-9a-f]{8}\.tmp'\); the previous file is unchanged\n$/,
    )
    expect(readFileSync(join(dir, path), 'utf8')).toBe(previous)
    expect(readdirSync(dir).sort()).toEqual(['.leakguard', 'leakguard.baseline.json'])
  })

  test('a file where the directory should be (EEXIST from mkdir): clear line, exit 2', () => {
    const { dir } = project('notdir', 1)
    writeFileSync(join(dir, 'ci'), 'a file, not a directory')
    const run = leakguard(['gate', '--update', '--baseline', 'ci/baseline.json'], dir)
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `leakguard: cannot write ci/baseline.json (EEXIST: file already exists, mkdir 'ci'); nothing was written\n`,
    })
  })
})

describe('leakguard gate --out-dir cannot write the human reports', () => {
  let dir = ''
  let out = ''
  beforeAll(() => {
    dir = project('human', 2).dir
    out = join(dir, 'out')
    mkdirSync(out)
    writeFileSync(join(out, 'summary.md'), 'previous summary\n')
    leakguard(['gate', '--update'], dir)
  })

  test('read-only out dir: clear line, exit 2, the previous summary.md intact', (ctx) => {
    if (!applied(makeReadOnly(out))) return ctx.skip()
    const run = leakguard(['gate', '--out-dir', 'out'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /^leakguard: cannot write out\/summary\.md \((EPERM|EACCES): .*\); the previous file is unchanged\n$/,
    )
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toBe('previous summary\n')
  })
})

test('the error is typed: FileUnwritable, naming the file, with the system error as cause', async () => {
  const { writeFileAtomic } = await import('../../src/report/atomic-file.js')
  const blocker = join(root, 'blocker')
  writeFileSync(blocker, '')
  const error = (() => {
    try {
      writeFileAtomic(join(blocker, 'report.json'), '{}')
    } catch (caught) {
      return caught
    }
  })()
  expect(isReportInputError(error, 'FileUnwritable')).toBe(true)
  expect(
    isReportInputError(error) && [error.file, (error.cause as NodeJS.ErrnoException).code],
  ).toEqual([join(blocker, 'report.json'), 'EEXIST'])
})
