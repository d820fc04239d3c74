// Runs every benchmark, one after another (never two at once: they share 2 cores), and
// prints each one's Markdown output under the command that reproduces it. A copy goes to
// bench/out/latest.md (ignored by git). `npm run bench` builds first, then runs this.
//
// Usage: node bench/run-all.mjs [--only probes,peak,...] [--smoke]
//   --smoke  tiny sizes: checks that every benchmark still runs and prints its table
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const here = import.meta.dirname
const { values } = parseArgs({
  options: { only: { type: 'string' }, smoke: { type: 'boolean', default: false } },
})

/** overhead/run.mjs at its smallest: one round of plain vitest and the defaults, no warm-up. */
function overheadSmoke({ files = 1, dir }, ...extra) {
  const sizes = ['--rounds', '1', '--files', String(files), '--tests', '2', '--warmup', '0']
  return [...extra, ...sizes, '--variants', 'plain,defaults', '--dir', dir]
}

/** Each benchmark: its script, its full-size arguments, and tiny ones for --smoke. */
const benchmarks = [
  { name: 'probes', script: 'probes/run.mjs', args: [], smoke: ['--time', '20', '--heaps', '8'] },
  {
    name: 'per-test',
    script: 'overhead/per-test.mjs',
    args: [],
    smoke: ['--iterations', '30'],
  },
  { name: 'peak', script: 'peak/run.mjs', args: [], smoke: ['--sizes', '20', '--modes', 'sync'] },
  { name: 'gc-sweep', script: 'gc-sweep/run.mjs', args: [], smoke: ['--rounds', '3'] },
  {
    name: 'library-kinds',
    script: 'library-kinds/run.mjs',
    args: [],
    smoke: ['--rounds', '1', '--count', '20'],
  },
  {
    name: 'registry',
    script: 'registry/run.mjs',
    // 10,000 real opens a round take ~8 s: 2,000 keep the 14 rounds near 25 s.
    args: ['--pairs', '7', '--count', '2000'],
    smoke: ['--pairs', '1', '--count', '50'],
  },
  {
    name: 'overhead',
    script: 'overhead/run.mjs',
    // All four variants alternated in 5 rounds take ~15 minutes here: plain and the
    // defaults (the figure to keep ≤ 1.05×) pair in 6 rounds, gc: true and
    // --detect-async-leaks (3–5× slower) join the first round only.
    // gc: 'auto' (gate: true's retained-heap mode, issue 15) runs in every round beside them.
    args: [
      ...['--rounds', '6', '--slow-rounds', '1'],
      ...['--variants', 'plain,defaults,auto,gc,async-leaks'],
    ],
    smoke: overheadSmoke({ dir: 'tmp/bench-overhead-smoke' }),
  },
  {
    // The many-small-files shape (issue 15): per-file start-up, not per-test work.
    name: 'small-files',
    script: 'overhead/run.mjs',
    args: [
      ...['--files', '40', '--tests', '5', '--trivial', '--rounds', '6'],
      ...['--variants', 'plain,defaults,auto', '--dir', 'tmp/bench-overhead-small'],
    ],
    smoke: overheadSmoke({ files: 2, dir: 'tmp/bench-overhead-small-smoke' }, '--trivial'),
  },
  {
    // leakguard's own CPU in vitest's main process, hook by hook (issue 15): ~6 vitest
    // runs of 40 trivial files, ~40 s here; process.cpuUsage() around each hook.
    name: 'main-hooks',
    script: 'overhead/main-hooks.mjs',
    args: ['--runs', '5', '--trivial'],
    smoke: [
      ...['--runs', '1', '--files', '2', '--tests', '2', '--trivial'],
      ...['--dir', 'tmp/bench-main-hooks-smoke'],
    ],
  },
  {
    // The main process's resolve of test.runner, once per test file: a few seconds.
    name: 'runner-resolve',
    script: 'overhead/runner-resolve.mjs',
    args: [],
    smoke: ['--calls', '20', '--rounds', '2', '--dir', 'tmp/bench-runner-resolve-smoke'],
  },
  {
    name: 'io',
    script: 'overhead/run.mjs',
    // 500 tests, 20,000 opens of small files a run; --detect-async-leaks (async hooks on
    // every FileHandle and stream) in the first 2 rounds only.
    args: [
      '--suite',
      'io',
      '--rounds',
      '4',
      '--slow-rounds',
      '2',
      '--variants',
      'plain,defaults,async-leaks',
    ],
    smoke: overheadSmoke({ dir: 'tmp/bench-io-smoke' }, '--suite', 'io'),
  },
  // Per-open cost of the handle kinds; not in --smoke: it prints lines, not a table.
  {
    name: 'kinds',
    script: 'kinds/run.mjs',
    args: ['--pairs', '4', '--count', '1000', '--clock', 'cpu'],
    smoke: null,
  },
  // Not in --smoke: it has no size flags, and takes about 2 minutes.
  { name: 'simulator', script: 'simulator/run.mjs', args: [], smoke: null },
]

const only = values.only?.split(',')
const selected = benchmarks.filter(
  (b) => (only ? only.includes(b.name) : true) && (!values.smoke || b.smoke !== null),
)
if (only && selected.length !== only.length) {
  throw new RangeError(
    `unknown benchmark in --only ${values.only}: ${benchmarks.map((b) => b.name)}`,
  )
}

const sections = []
const started = performance.now()
let failed = false
for (const bench of selected) {
  const args = values.smoke ? bench.smoke : bench.args
  const command = ['node', `bench/${bench.script}`, ...args].join(' ')
  const heading = `## ${bench.name}\n\n\`\`\`sh\nnpm run build && ${command}\n\`\`\`\n`
  console.log(`\n${heading}`)
  const t0 = performance.now()
  const run = spawnSync(process.execPath, [join(here, bench.script), ...args], {
    cwd: join(here, '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  })
  const seconds = (performance.now() - t0) / 1000
  process.stdout.write(run.stdout)
  console.log(
    `\n(${bench.name}: ${seconds.toFixed(0)} s${run.status === 0 ? '' : `, exit ${run.status}`})`,
  )
  sections.push(`${heading}\n${run.stdout}`)
  if (run.status !== 0) failed = true
}
const total = (performance.now() - started) / 1000
console.log(`\nall benchmarks: ${total.toFixed(0)} s (${(total / 60).toFixed(1)} min)`)
if (!values.smoke) {
  mkdirSync(join(here, 'out'), { recursive: true })
  writeFileSync(
    join(here, 'out/latest.md'),
    `# benchmark run ${new Date().toISOString()}, node ${process.version}, ${total.toFixed(0)} s\n\n${sections.join('\n')}`,
  )
}
if (failed) process.exitCode = 1
