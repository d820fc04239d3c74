// A whole `vitest run` timed from outside, for the benchmarks that compare runs: the
// rusage GNU time reports from wait4() covers vitest and every worker it started, which
// process.cpuUsage() inside any one of them cannot.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

const vitest = join(resolve(import.meta.dirname, '../..'), 'node_modules/vitest/vitest.mjs')

/** Throws unless GNU time is at /usr/bin/time; call it before generating a suite. */
export function requireGnuTime() {
  if (!existsSync('/usr/bin/time')) throw new Error('needs GNU time at /usr/bin/time for CPU time')
}

/**
 * Runs `vitest run --root <suite> --reporter=dot <args>` in `suite` under GNU time and
 * returns its CPU (user + system, vitest and all its workers) and wall seconds. Throws,
 * with the tails of its output, unless it exits 0 and, when `passed` is given (a count, or
 * a pattern such as `'\\d+'`), reports that many tests passed.
 */
export function timeVitest(suite, args, { label, env = {}, passed } = {}) {
  const child = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      'LGTIME %U %S %e',
      process.execPath,
      vitest,
      'run',
      '--root',
      suite,
      '--reporter=dot',
    ].concat(args),
    {
      cwd: suite,
      env: { ...process.env, NO_COLOR: '1', CI: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    },
  )
  const stdout = child.stdout.toString()
  const stderr = child.stderr.toString()
  const match = /LGTIME ([\d.]+) ([\d.]+) ([\d.]+)/.exec(stderr)
  const counted = passed === undefined || new RegExp(`Tests\\s+${passed} passed`).test(stdout)
  if (!match || child.status !== 0 || !counted) {
    throw new Error(
      `${label} run failed (exit ${child.status}):\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`,
    )
  }
  return { cpu: Number(match[1]) + Number(match[2]), wall: Number(match[3]) }
}
