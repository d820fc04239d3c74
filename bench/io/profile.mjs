// Where leakguard's cost goes in the I/O-heavy suite (bench/io): runs it plain and with
// leakguard() defaults, alternating, with every forks worker under `node --cpu-prof`, and
// sums each worker's sampled self time (idle excluded) by what ran. One worker is one test
// file of the suite (50 tests, ~1,200 tracked opens), so the figures are per worker.
//
// Prints, per group: the median over the rounds of the per-worker mean, and the min–max of
// the rounds. Sampled time is CPU on each worker's main thread only.
//
// Usage: npm run build && node bench/io/profile.mjs [--rounds 3] [--interval 100]
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { markdownTable, median, span } from '../lib/table.mjs'
import { repo } from '../overhead/generate.mjs'
import { defaultIoSuiteDir, generateIoSuite } from './generate.mjs'

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    interval: { type: 'string', default: '100' },
  },
})
const rounds = Number(values.rounds)
const suite = generateIoSuite({ dir: defaultIoSuiteDir })
const vitest = join(repo, 'node_modules/vitest/vitest.mjs')
const profiles = join(repo, 'tmp/bench-io-profiles')
const dist = `file://${join(repo, 'dist')}/`

/** Which group a sampled frame's self time goes to. */
const groups = [
  ['stack capture at an open', (name) => name.startsWith('captureStackLazily ')],
  [
    'registry.track / release, records',
    (name) => /^(track|release|TrackedRecord|newRecord|OpenEntry|drop) /.test(name),
  ],
  [
    'kind wrappers and labels',
    (name) => /^(wrapper|pathLabel|opening|done|PendingOpen) /.test(name),
  ],
  ['memoryUsage / rss (`/proc/self/stat`)', (name) => /^(memoryUsage|rss) $/.test(name)],
  [
    'log writes, `/proc` reads and writes',
    (name) => /^(writeString|writeBuffer|read|write) $/.test(name),
  ],
  ['other leakguard code', (name) => name.endsWith(' LG')],
]

/**
 * Native calls by name, counted only where the nearest caller outside Node's own code is
 * leakguard's (`dist/`) and not a kind's wrapper, named or anonymous (whose call is the
 * test's own open or close, passed through): its `/proc` reads and writes, `fstat` and log writes, told apart
 * from the tests' own reads and writes, which the groups above cannot.
 */
const nativeUnderLeakguard = [
  'open',
  'read',
  'close',
  'fstat',
  'writeString',
  'writeBuffer',
  'memoryUsage',
  'rss',
]
const wrapperFrame = /^(|wrapper|opening|done|PendingOpen|close|closeSync|openSync|open)$/
const nativeLabel = (name) => `leakguard's native \`${name}\``
/** Every row's label: the groups, then the native calls. */
const labels = [...groups.map(([label]) => label), ...nativeUnderLeakguard.map(nativeLabel)]

/** Per-worker self time by group, and busy time, for one variant's profile directory. */
function analyse(dir) {
  // The main process writes the largest profile; the rest are the workers.
  const files = readdirSync(dir)
    .map((file) => join(dir, file))
    .sort((a, b) => statSync(b).size - statSync(a).size)
    .slice(1)
  const sums = new Map(labels.map((label) => [label, 0]))
  let busy = 0
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8'))
    const byId = new Map(profile.nodes.map((node) => [node.id, node]))
    const parentOf = new Map()
    for (const node of profile.nodes)
      for (const child of node.children ?? []) parentOf.set(child, node)
    /** Whether the nearest caller outside Node (native or `node:`) is leakguard's. */
    const underLeakguard = (node) => {
      for (let at = parentOf.get(node.id); at; at = parentOf.get(at.id)) {
        const { url } = at.callFrame
        if (url === '' || url.startsWith('node:')) continue
        return url.startsWith(dist) && !wrapperFrame.test(at.callFrame.functionName)
      }
      return false
    }
    profile.samples.forEach((id, index) => {
      const node = byId.get(id)
      const { functionName, url } = node.callFrame
      if (functionName === '(idle)') return
      const time = profile.timeDeltas[index] ?? 0
      busy += time
      const name = `${functionName} ${url.startsWith(dist) ? 'LG' : ''}`
      const group = groups.find(([, test]) => test(name))
      if (group) sums.set(group[0], sums.get(group[0]) + time)
      if (url === '' && nativeUnderLeakguard.includes(functionName) && underLeakguard(node)) {
        const label = nativeLabel(functionName)
        sums.set(label, sums.get(label) + time)
      }
    })
  }
  const perWorker = (microseconds) => microseconds / files.length / 1000
  return {
    busy: perWorker(busy),
    groups: new Map([...sums].map(([label, time]) => [label, perWorker(time)])),
  }
}

function profileRun(variant) {
  const dir = join(profiles, variant)
  rmSync(dir, { recursive: true, force: true })
  execFileSync(
    process.execPath,
    [
      '--cpu-prof',
      `--cpu-prof-interval=${values.interval}`,
      `--cpu-prof-dir=${dir}`,
      vitest,
      'run',
      '--root',
      suite,
      '--reporter=dot',
    ],
    { cwd: suite, env: { ...process.env, LG_BENCH_VARIANT: variant }, stdio: 'ignore' },
  )
  return analyse(dir)
}

const runs = { plain: [], defaults: [] }
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? ['plain', 'defaults'] : ['defaults', 'plain']
  for (const variant of order) runs[variant].push(profileRun(variant))
  const [plain, defaults] = [runs.plain.at(-1), runs.defaults.at(-1)]
  console.log(
    `round ${round + 1}: busy per worker plain ${plain.busy.toFixed(1)} ms, defaults ${defaults.busy.toFixed(1)} ms`,
  )
}

const figure = (list) => `${median(list).toFixed(1)} (${span(list, 1)})`
/** A figure of each round's plain and defaults runs, and its added part per round. */
function row(label, of) {
  const plain = runs.plain.map(of)
  const defaults = runs.defaults.map(of)
  const added = defaults.map((value, index) => value - (plain[index] ?? 0))
  return [label, figure(plain), figure(defaults), figure(added)]
}
console.log(
  `\nI/O suite, ${rounds} rounds, per worker (one file, 50 tests): ms, median (min–max of the rounds)\n`,
)
console.log(
  markdownTable(
    ['', 'plain', 'leakguard() defaults', 'added'],
    [
      row('busy (main thread, idle excluded)', (run) => run.busy),
      ...labels.map((label) => row(label, (run) => run.groups.get(label))),
    ],
  ),
)
