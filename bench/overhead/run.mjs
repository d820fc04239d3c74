// Plugin overhead on a generated suite (default 1,000 tests in 20 files, see generate.mjs),
// each run a real `vitest run` in a child process:
//   plain        vitest, no plugin
//   defaults     vitest with leakguard()
//   gc           vitest with leakguard({ gc: true })
//   auto         vitest with leakguard({ gc: 'auto' }) (gate: true's retained-heap mode)
//   async-leaks  vitest --detect-async-leaks, no plugin (vitest's built-in check)
//
// The machine is shared and noisy (identical plain runs vary 10–19 s), so the variants
// alternate within one invocation: A B C D, then D C B A, and so on. Each round yields a
// ratio to the plain run of the same round; we report the median of those ratios.
//
// CPU time is user+sys of the whole vitest process tree, measured by GNU time
// (`/usr/bin/time -f`): it reports the rusage that wait4() returns for vitest, which
// includes every descendant vitest itself waited for — the forks-pool workers, which
// vitest reaps before it exits. (Node's process.resourceUsage() is RUSAGE_SELF only and
// cannot see children.)
//
// `--suite io` runs bench/io's I/O-heavy suite instead (default 10 files × 50 tests, 40
// opens of small files a test: FileHandles, readFile, read streams).
//
// Usage: npm run build && node bench/overhead/run.mjs [--rounds 5] [--files 20] [--tests 50]
//        [--variants plain,defaults,gc,async-leaks] [--slow-rounds N] [--dir tmp/bench-overhead-suite]
//        [--warmup 0] [--suite overhead|io] [--trivial]   (--trivial, overhead suite only:
//        tests that only assert, import nothing of leakguard: the many-small-files shape,
//        40 files × 5 tests, is per-file start-up)
import { rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { defaultIoSuiteDir, generateIoSuite } from '../io/generate.mjs'
import { markdownTable, median } from '../lib/table.mjs'
import { requireGnuTime, timeVitest } from '../lib/time-vitest.mjs'
import { defaultSuiteDir, generateSuite } from './generate.mjs'

/** The suites this runs: the generator, and its default size and directory. */
const suites = {
  overhead: { generate: generateSuite, files: '20', tests: '50', dir: defaultSuiteDir },
  io: { generate: generateIoSuite, files: '10', tests: '50', dir: defaultIoSuiteDir },
}

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    suite: { type: 'string', default: 'overhead' },
    files: { type: 'string' },
    tests: { type: 'string' },
    variants: { type: 'string', default: 'plain,defaults,gc,async-leaks' },
    dir: { type: 'string' },
    warmup: { type: 'string', default: '1' },
    'slow-rounds': { type: 'string' },
    trivial: { type: 'boolean', default: false },
  },
})
const rounds = Number(values.rounds)
// gc: true (two full GCs a test) and --detect-async-leaks (async hooks on every
// resource) take 3–5× as long as plain runs. With --slow-rounds N they join only the
// first N rounds, which keeps `npm run bench` under 10 minutes; each of their runs is
// still paired with the plain run of the same round.
const slowRounds = Number(values['slow-rounds'] ?? values.rounds)
const slow = new Set(['gc', 'async-leaks'])
const chosen = suites[values.suite]
if (!chosen) throw new RangeError(`unknown suite ${values.suite}: ${Object.keys(suites)}`)
const files = Number(values.files ?? chosen.files)
const testsPerFile = Number(values.tests ?? chosen.tests)
const tests = files * testsPerFile

/** Each variant: the suite config's LG_BENCH_VARIANT and extra vitest flags. */
const known = {
  plain: { label: 'plain vitest', env: 'plain', flags: [] },
  defaults: { label: 'leakguard() defaults', env: 'defaults', flags: [] },
  gc: { label: 'leakguard({ gc: true })', env: 'gc', flags: [] },
  auto: { label: "leakguard({ gc: 'auto' })", env: 'auto', flags: [] },
  'async-leaks': {
    label: 'vitest --detect-async-leaks',
    env: 'plain',
    flags: ['--detect-async-leaks'],
  },
}
const names = values.variants.split(',')
for (const name of names) {
  if (!(name in known)) throw new RangeError(`unknown variant ${name}: ${Object.keys(known)}`)
}
if (names[0] !== 'plain') throw new RangeError('the first variant must be plain: ratios are to it')
requireGnuTime()

const suite = chosen.generate({
  dir: resolve(values.dir ?? chosen.dir),
  files,
  tests: testsPerFile,
  trivial: values.trivial,
})

function runOnce(name, filter = []) {
  const variant = known[name]
  return timeVitest(suite, [...variant.flags, ...filter], {
    label: name,
    env: { LG_BENCH_VARIANT: variant.env },
    // A filtered run (the warm-up) runs some files only; a measured run must run them all.
    passed: filter.length ? '\\d+' : tests,
  })
}

// Warm-up, not counted, on f0 (and f10…, vitest filters by substring): the page cache
// holds vitest, leakguard and zarrita before the first measured run, as for every later one.
if (values.warmup !== '0') runOnce('plain', ['f0.test.ts'])
const results = Object.fromEntries(names.map((n) => [n, []]))
for (let round = 0; round < rounds; round++) {
  const here = names.filter((name) => !slow.has(name) || round < slowRounds)
  const order = round % 2 === 0 ? here : [...here].reverse()
  for (const name of order) {
    const m = runOnce(name)
    results[name].push(m)
    console.error(
      `round ${round + 1} ${name}: wall ${m.wall.toFixed(2)} s, cpu ${m.cpu.toFixed(2)} s`,
    )
  }
}
rmSync(join(suite, '.leakguard'), { recursive: true, force: true })

const base = results.plain
// Each variant's run i is paired with the plain run of the same round (rounds 0, 1, …).
const ratios = (name, key) => results[name].map((m, i) => m[key] / base[i][key])
const spread = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`
const rows = names.map((name) => {
  const wall = median(results[name].map((m) => m.wall))
  const cpu = median(results[name].map((m) => m.cpu))
  const wallRatio = median(ratios(name, 'wall'))
  const cpuRatio = median(ratios(name, 'cpu'))
  const addedWall = ((wall - median(base.map((m) => m.wall))) * 1000) / tests
  const addedCpu = ((cpu - median(base.map((m) => m.cpu))) * 1000) / tests
  const plain = name === 'plain'
  return [
    known[name].label,
    `${wall.toFixed(2)} s`,
    plain ? '1' : `**${wallRatio.toFixed(3)}×** (${spread(ratios(name, 'wall'))})`,
    `${cpu.toFixed(2)} s`,
    plain ? '1' : `**${cpuRatio.toFixed(3)}×** (${spread(ratios(name, 'cpu'))})`,
    plain ? '' : `${addedWall.toFixed(2)} ms`,
    plain ? '' : `${addedCpu.toFixed(2)} ms`,
  ]
})
const slowNote =
  slowRounds < rounds && names.some((name) => slow.has(name))
    ? ` (gc: true and --detect-async-leaks in the first ${slowRounds} only)`
    : ''
console.log(
  `${tests} tests in ${files} files, ${rounds} rounds${slowNote} (order alternating), medians; ratio = median of per-round ratios to plain (min–max)\n`,
)
console.log(
  markdownTable(
    [
      'variant',
      'wall',
      'wall vs plain',
      'CPU (user+sys, tree)',
      'CPU vs plain',
      'added wall/test',
      'added CPU/test',
    ],
    rows,
  ),
)
// Per file: the same added CPU spread over files, for the start-up cost a worker pays.
const perFile = names
  .filter((name) => name !== 'plain')
  .map((name) => {
    const added = median(results[name].map((m) => m.cpu)) - median(base.map((m) => m.cpu))
    return `${known[name].label}: ${((added * 1000) / files).toFixed(1)} ms CPU added per test file`
  })
console.log(`\n${perFile.join('; ')}`)
