import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { isLeakguardOptionsError, resolveOptions } from '../../plugin/options.js'
import { repoRoot } from '../e2e/run-vitest.js'

// Bad plugin options beyond test/plugin/options.test.ts: typos in nested keys, sizes in
// units leakguard does not read, reasons that say nothing. Each must stop the run when
// vitest loads its config, with one message naming the option.

function messageOf(options: unknown): string {
  try {
    resolveOptions(options, '/project')
  } catch (error) {
    if (isLeakguardOptionsError(error)) return error.message
    throw error
  }
  throw new Error(`${JSON.stringify(options)} was accepted`)
}

describe('each bad option gets one message naming it', () => {
  test.each([
    [{ memorylimit: '2 GB' }, 'Unknown option `memorylimit`, did you mean `memoryLimit`?'],
    [
      { tolerance: { flor: '1 MB' } },
      'Unknown option `tolerance.flor`, did you mean `tolerance.floor`?',
    ],
    [
      { allow: [{ kind: 'dataset', reasn: 'legacy' }] },
      'Unknown option `allow[0].reasn`, did you mean `allow[0].reason`?',
    ],
    [
      { memoryLimit: '2 GiB' },
      "Expected `memoryLimit` to be a size like '512 MB', got `'2 GiB'` (string)",
    ],
    [
      { memoryLimit: '2 gigabytes' },
      "Expected `memoryLimit` to be a size like '512 MB', got `'2 gigabytes'` (string)",
    ],
    [
      { memoryLimit: '-2 GB' },
      "Expected `memoryLimit` to be a size like '512 MB', got `'-2 GB'` (string)",
    ],
    [
      { tolerance: { floor: '16MiB' } },
      "Expected `tolerance.floor` to be a size like '512 MB', got `'16MiB'` (string)",
    ],
    [
      { tolerance: { relative: '10%' } },
      "Expected `tolerance.relative` to be a fraction ≥ 0 like 0.1, got `'10%'` (string)",
    ],
    [
      { onLeak: true },
      "Expected `onLeak` to be one of 'fail', 'warn', 'off', got `true` (boolean)",
    ],
    [{ outDir: 5 }, 'Expected `outDir` to be a non-empty string, got `5` (number)'],
    [
      { allow: [{ kind: 'dataset' }] },
      'Expected `allow[0].reason` to be a non-empty string, got `undefined` (undefined)',
    ],
    [
      { allow: [{ kind: 'dataset', reason: '   ' }] },
      "Expected `allow[0].reason` to be a non-empty string, got `'   '` (string)",
    ],
    [
      { allow: [{ reason: 'ok', label: 42 }] },
      'Expected `allow[0].label` to be a string or a RegExp, got `42` (number)',
    ],
  ])('%j', (options, message) => {
    expect(messageOf(options)).toBe(message)
  })
})

test('vitest stops at startup with the message; no test runs', async () => {
  const root = join(repoRoot, 'test/e2e/projects/reliability-bad-options')
  const run = await new Promise<{ code: number; output: string }>((done) =>
    execFile(
      process.execPath,
      [join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--root', root],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          NO_COLOR: '1',
          LEAKGUARD_E2E_OPTIONS: JSON.stringify({ tolerance: { flor: '1 MB' } }),
        },
      },
      (error, stdout, stderr) =>
        done({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}\n${stderr}` }),
    ),
  )
  expect(run.code).toBe(1)
  expect(run.output).toMatch(
    /Startup Error ⎯+\nLeakguardOptionsError: Unknown option `tolerance\.flor`, did you mean `tolerance\.floor`\?\n/,
  )
  expect(run.output).not.toContain('never runs')
}, 30_000)
