// Splits a `vitest run`'s CPU into the main process and its forks workers (each process's
// own process.cpuUsage() at exit, via cpu-split.preload.mjs; the workers are the rest of
// the tree's user+sys from GNU time, since vitest kills them before their 'exit' event), plain vs leakguard defaults,
// alternated ABBA over the rounds. Answers: is leakguard's per-test cost in the workers
// (what bench/overhead/per-test.mjs measures in-process) or in vitest's main process
// (the reporter, task-update RPC deserialisation)?
//
// Usage: npm run build && node bench/overhead/cpu-split.mjs [--rounds 4] [--files 20] [--tests 50]
//        [--trivial] [--dir tmp/bench-overhead-suite]
import { readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { alternate } from '../lib/alternate.mjs'
import { median, span } from '../lib/table.mjs'
import { timeVitest } from '../lib/time-vitest.mjs'
import { defaultSuiteDir, generateSuite } from './generate.mjs'

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '4' },
    files: { type: 'string', default: '20' },
    tests: { type: 'string', default: '50' },
    trivial: { type: 'boolean', default: false },
    dir: { type: 'string' },
  },
})
const files = Number(values.files)
const tests = files * Number(values.tests)
const suite = generateSuite({
  dir: resolve(values.dir ?? defaultSuiteDir),
  files,
  tests: Number(values.tests),
  trivial: values.trivial,
})
const preload = new URL('./cpu-split.preload.mjs', import.meta.url).href
const out = join(suite, '.cpu-split.jsonl')

function runOnce(variant) {
  rmSync(out, { force: true })
  const { cpu } = timeVitest(suite, [], {
    label: variant,
    env: {
      LG_BENCH_VARIANT: variant,
      LG_CPU_SPLIT_FILE: out,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${preload}`,
    },
  })
  const rows = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
  const main = rows.filter((r) => r.role === 'main').reduce((s, r) => s + r.cpuMs, 0)
  const tree = cpu * 1000
  return { main, workers: tree - main, tree }
}

runOnce('plain') // warm-up: page cache, vite's dep optimisation
const variants = ['plain', 'defaults']
const [plain, defaults] = await alternate(Number(values.rounds), 2, (index, round) => {
  const r = runOnce(variants[index])
  console.log(
    `round ${round + 1} ${variants[index]}: main ${r.main.toFixed(0)} ms, workers ${r.workers.toFixed(0)} ms, tree ${r.tree.toFixed(0)} ms`,
  )
  return r
})
const results = { plain, defaults }
for (const part of ['main', 'workers', 'tree']) {
  const diffs = results.plain.map((p, i) => results.defaults[i][part] - p[part])
  const perTest = diffs.map((d) => (d * 1000) / tests)
  console.log(
    `${part}: plain ${median(results.plain.map((r) => r[part])).toFixed(0)} ms, defaults ${median(results.defaults.map((r) => r[part])).toFixed(0)} ms; ` +
      `added per round ${median(diffs).toFixed(0)} ms (${span(diffs, 0)}), per test ${median(perTest).toFixed(0)} µs (${span(perTest, 0)})`,
  )
}
