// Plugin overhead on a generated suite of 1,000 small tests (20 files × 50 tests), run by
// real vitest in child processes: plain vitest vs leakguard (default owner mode) vs
// leakguard with AsyncLocalStorage on every span (LEAKGUARD_ASYNC_OWNER=always).
//
// Noise on a shared 2-core VM is large, so variants run in rotating ABBA-style rounds and
// we compare CPU time (user+sys of vitest and all its workers, from /usr/bin/time) as well
// as wall time, reporting medians and ratios against plain vitest.
//
// Usage: npm run build && node bench/plugin/overhead.mjs [rounds=4]
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const repo = resolve(import.meta.dirname, '../..')
const suite = join(repo, 'tmp/bench-plugin-suite')
const rounds = Number(process.argv[2] ?? 4)
const FILES = 20
const TESTS = 50

function generate() {
  rmSync(suite, { recursive: true, force: true })
  mkdirSync(suite, { recursive: true })
  writeFileSync(
    join(suite, 'vitest.config.ts'),
    [
      "import { leakguard } from 'leakguard/plugin'",
      "import { defineConfig } from 'vitest/config'",
      "const on = process.env.LG_BENCH_PLUGIN === '1'",
      'export default defineConfig({ plugins: on ? [leakguard()] : [] })',
      '',
    ].join('\n'),
  )
  for (let f = 0; f < FILES; f++) {
    const tests = []
    for (let t = 0; t < TESTS; t++) {
      // A few awaits per test: AsyncLocalStorage's cost is per async continuation.
      tests.push(
        `test('t${t}', async () => {\n  let s = 0\n  for (let i = 0; i < 5; i++) s += await Promise.resolve(i)\n  expect(s).toBe(10)\n})`,
      )
    }
    writeFileSync(
      join(suite, `f${f}.test.ts`),
      `import { expect, test } from 'vitest'\n\n${tests.join('\n\n')}\n`,
    )
  }
}

const variants = {
  plain: { LG_BENCH_PLUGIN: '0' },
  leakguard: { LG_BENCH_PLUGIN: '1' },
  'leakguard+als-always': { LG_BENCH_PLUGIN: '1', LEAKGUARD_ASYNC_OWNER: 'always' },
}

function runOnce(env) {
  const child = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      'TIME %U %S %e',
      process.execPath,
      join(repo, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--root',
      suite,
      '--reporter=dot',
    ],
    {
      cwd: repo,
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  const out = child.stderr.toString()
  const [, user, sys, wall] = /TIME ([\d.]+) ([\d.]+) ([\d.]+)/.exec(out) ?? []
  return { cpu: Number(user) + Number(sys), wall: Number(wall) }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

generate()
runOnce(variants.leakguard) // warm-up: transform cache, page cache
const names = Object.keys(variants)
const results = Object.fromEntries(names.map((n) => [n, { cpu: [], wall: [] }]))
for (let r = 0; r < rounds; r++) {
  // Forward then backward each round (A B C C B A): drift hits every variant alike.
  const order = [...names, ...[...names].reverse()]
  for (const name of order) {
    const m = runOnce(variants[name])
    results[name].cpu.push(m.cpu)
    results[name].wall.push(m.wall)
    console.error(`round ${r + 1} ${name}: cpu ${m.cpu.toFixed(2)} s, wall ${m.wall.toFixed(2)} s`)
  }
}
const base = results.plain
console.log(`\n${FILES * TESTS} tests, ${rounds * 2} runs per variant (medians):`)
for (const name of names) {
  const { cpu, wall } = results[name]
  const extraCpuMs = ((median(cpu) - median(base.cpu)) * 1000) / (FILES * TESTS)
  console.log(
    `${name.padEnd(22)} cpu ${median(cpu).toFixed(2)} s (×${(median(cpu) / median(base.cpu)).toFixed(3)})` +
      `  wall ${median(wall).toFixed(2)} s (×${(median(wall) / median(base.wall)).toFixed(3)})` +
      `  extra cpu/test ${extraCpuMs.toFixed(3)} ms`,
  )
}
