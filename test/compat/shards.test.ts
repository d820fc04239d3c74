import { execFile } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, test } from 'vitest'
import { type Outcome, outcomeOf } from './outcome.js'
import { checkout, type ProjectRun, repoRoot, runProject } from './run-project.js'

const root = join(checkout.projects, 'compat-pools')
const out = (dir: string) => join(root, '.leakguard', dir)
let whole: Outcome
let shards: ProjectRun[]
let merged: ProjectRun

// The same project run whole, then as two shards with the blob reporter (each shard
// writing its own leakguard report, as separate CI jobs would), then merged by vitest.
beforeAll(async () => {
  whole = outcomeOf(await runProject(checkout, 'compat-pools', { outDir: '.leakguard/whole' }))
  shards = []
  rmSync(out('blob'), { recursive: true, force: true })
  for (const index of [1, 2]) {
    shards.push(
      await runProject(checkout, 'compat-pools', {
        outDir: `.leakguard/shard-${index}`,
        args: [
          `--shard=${index}/2`,
          '--reporter=blob',
          `--outputFile.blob=${out(`blob/blob-${index}.json`)}`,
        ],
      }),
    )
  }
  merged = await runProject(checkout, 'compat-pools', {
    outDir: '.leakguard/merged',
    args: [`--merge-reports=${out('blob')}`],
  })
}, 120_000)

const gate = promisify(execFile)
async function runGate(args: string[]): Promise<{ code: number; stdout: string }> {
  const cli = join(repoRoot, 'dist/src/cli/main.js')
  try {
    const { stdout } = await gate(process.execPath, [cli, 'gate', ...args], { cwd: root })
    return { code: 0, stdout }
  } catch (error) {
    const failed = error as { code: number; stdout: string }
    return { code: failed.code, stdout: failed.stdout }
  }
}

describe('--shard with the blob reporter, then --merge-reports', () => {
  test('each shard fails on its own leaks and writes its own report', () => {
    expect(shards.map((run) => run.exitCode)).toEqual([1, 1])
    const files = shards.map((run) => [...new Set(run.report?.tests.map((t) => t.file))])
    expect(files.flat().sort()).toEqual(['leaks.test.ts', 'memory.test.ts'])
  })

  test('vitest --merge-reports keeps the leak failures and memory figures: same outcome as unsharded', () => {
    const outcome = outcomeOf(merged)
    expect(outcome).toEqual(whole)
    expect(outcome.exitCode).toBe(1)
    // The merge replays each test's task.meta: the kernel peak measured in the shard.
    expect(outcome.bigPeaks).toEqual(['spike of 150 MB passes the 100 MB limit: >= 150 MB'])
    expect(merged.output).toContain(
      'HandleLeakError: Test "forgets to close" (leaks.test.ts) left 1 handle open after its teardown:',
    )
    expect(merged.report?.tests.every((t) => t.memory?.peakMethod === 'kernel-hwm')).toBe(true)
  })

  test('leakguard gate merges the per-shard reports itself, with the same verdicts', async () => {
    const reports = [1, 2].map((index) => out(`shard-${index}/report.json`))
    const baseline = out('baseline.json')
    expect((await runGate(['--update', '--baseline', baseline, ...reports])).code).toBe(0)
    const result = await runGate(['--baseline', baseline, ...reports])
    expect(result.code).toBe(1)
    const errors = result.stdout.split('\n').filter((line) => line.startsWith('ERROR: '))
    expect(
      errors.map((line) => line.replace(/ left 1 handle open: .*/, ' left 1 handle open')).sort(),
    ).toEqual([
      'ERROR: test "forgets to close" left 1 handle open',
      'ERROR: test "leaks a second store" left 1 handle open',
      expect.stringMatching(
        /^ERROR: test "spike of 150 MB passes the 100 MB limit" went over its memory limit: .* was limited to 100\.0 MB but peaked at 1[45]\d\.\d MB above its start/,
      ),
    ])
    expect(result.stdout).toContain(
      'leakguard gate: 3 failed, 6 of 6 tests compared with the baseline',
    )
  })
})
