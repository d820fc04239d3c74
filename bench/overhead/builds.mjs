// Two or more leakguard builds side by side on one generated suite: whole-tree CPU (GNU
// time, like run.mjs) of plain vitest and of leakguard() defaults loaded from each build's
// dist/ directory, the sides alternated A B C, C B A, … in one invocation so load hits all
// alike. run.mjs compares plain with this checkout's dist/ only; a change whose effect is
// smaller than one build's run-to-run spread needs its before and after in the same rounds.
//
// Each build must be a copy of a dist/ inside this repository (e.g. `cp -r dist
// tmp/dist-before` before a change, then `npm run build`), so its imports of vitest resolve.
// Prints each side's median CPU, and each build's CPU added per test over plain (median of
// the per-round differences, min–max), the figure issue 15's per-test goal is stated in.
//
// Usage: npm run build && node bench/overhead/builds.mjs [--rounds 8] [--files 2] [--tests 500]
//        [--trivial] [--dir tmp/bench-builds] <dist> [<dist>...]
import { writeFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { alternate } from '../lib/alternate.mjs'
import { markdownTable, median, span } from '../lib/table.mjs'
import { requireGnuTime, timeVitest } from '../lib/time-vitest.mjs'
import { escapeRegExp, generateSuite, repo } from './generate.mjs'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '8' },
    files: { type: 'string', default: '2' },
    tests: { type: 'string', default: '500' },
    trivial: { type: 'boolean', default: false },
    dir: { type: 'string', default: 'tmp/bench-builds' },
  },
})
if (positionals.length === 0) throw new Error('name at least one dist/ directory to compare')
const builds = positionals.map((path) => resolve(path))
for (const build of builds) {
  if (!build.startsWith(`${repo}/`)) throw new Error(`${build}: must be inside ${repo}`)
}
requireGnuTime()
const files = Number(values.files)
const tests = files * Number(values.tests)
const suite = generateSuite({
  dir: resolve(values.dir),
  files,
  tests: Number(values.tests),
  trivial: values.trivial,
})
// The generated config loads leakguard/plugin (this checkout's dist/); this one loads the
// build named by LG_BUILD, and keeps every build out of vitest's transform (see generate.mjs).
writeFileSync(
  `${suite}/vitest.config.ts`,
  `import { defineConfig } from 'vitest/config'

const build = process.env.LG_BUILD
const plugins = build ? [(await import(build + '/plugin/index.js')).leakguard({})] : []

export default defineConfig({
  plugins,
  test: {
    include: ['*.test.ts'],
    server: { deps: { external: ${JSON.stringify(builds.map((b) => `^${escapeRegExp(b)}/`))}.map((s) => new RegExp(s)) } },
  },
})
`,
)

const sides = [undefined, ...builds]
const label = (side) => (side === undefined ? 'plain vitest' : basename(side))
const run = (side) =>
  timeVitest(suite, [], { label: label(side), env: { LG_BUILD: side ?? '' }, passed: tests }).cpu
run(undefined) // warm-up: page cache, vite's dep optimisation
const cpu = await alternate(Number(values.rounds), sides.length, (index, round) => {
  const seconds = run(sides[index])
  console.log(`round ${round + 1} ${label(sides[index])}: cpu ${seconds.toFixed(2)} s`)
  return seconds
})
const [plain] = cpu
const rows = sides.map((side, index) => {
  const added = cpu[index].map((seconds, round) => ((seconds - plain[round]) * 1e6) / tests)
  return [
    label(side),
    `${median(cpu[index]).toFixed(2)} s`,
    index === 0 ? '' : `${median(added).toFixed(0)} µs (${span(added, 0)})`,
  ]
})
console.log(
  `\n${tests} tests in ${files} files${values.trivial ? ' (trivial)' : ''}, ${values.rounds} rounds alternated; medians\n`,
)
console.log(markdownTable(['side', 'CPU (user+sys, tree)', 'added CPU a test vs plain'], rows))
