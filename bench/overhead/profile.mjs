// Where leakguard's per-file cost goes: runs the many-small-files shape (trivial tests
// that import nothing of leakguard) under `node --cpu-prof` in every forks worker, plain
// and with leakguard() defaults, and sums the workers' profiles.
//
// Per worker (= per test file, vitest's default isolation) it prints: the profile's
// busy (not idle) sampled time, plain vs defaults, and its self time by category; the time with one of leakguard's frames on the stack
// (its code and what it calls), split by leakguard's top functions; and leakguard's
// modules' own self time. Sampled time is CPU on the main thread of the worker only.
//
// Usage: npm run build && node bench/overhead/profile.mjs [--files 8] [--tests 5] [--interval 250] [--rounds 3]
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { generateSuite, repo } from './generate.mjs'

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '8' },
    tests: { type: 'string', default: '5' },
    interval: { type: 'string', default: '250' },
    rounds: { type: 'string', default: '3' },
  },
})
const dir = join(repo, 'tmp/bench-profile')
const profiles = join(dir, 'profiles')
generateSuite({ dir, files: Number(values.files), tests: Number(values.tests), trivial: true })
// The generated config, with the workers profiled.
const configPath = join(dir, 'vitest.config.ts')
writeFileSync(
  configPath,
  readFileSync(configPath, 'utf8').replace(
    'test: {',
    `test: {\n    execArgv: ['--cpu-prof', '--cpu-prof-interval=${values.interval}', '--cpu-prof-dir=' + process.env.LG_PROFILE_DIR],`,
  ),
)

const distPrefix = `file://${join(repo, 'dist')}/`

function analyse(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'))
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map()
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id)
  const ours = (node) => node.callFrame.url.startsWith(distPrefix)
  const name = (node) =>
    `${node.callFrame.functionName || '(top level)'} ${node.callFrame.url.slice(distPrefix.length)}`
  const total = (profile.endTime - profile.startTime) / 1000
  const dt = profile.timeDeltas
  let under = 0
  let self = 0
  const functions = new Map()
  const categories = new Map()
  const categoryOf = (node) => {
    const { url, functionName } = node.callFrame
    if (url.startsWith(distPrefix)) return 'leakguard'
    if (url.includes('/node_modules/')) return 'packages (vitest, vite, chai, …)'
    if (url.startsWith('node:')) return 'Node internals (module loader, fs, …)'
    if (url !== '') return 'other JS (test files, config)'
    return functionName === '(idle)' ? 'idle' : `${functionName || '(native)'}`
  }
  profile.samples.forEach((id, index) => {
    const ms = (dt[index + 1] ?? 0) / 1000
    const leaf = byId.get(id)
    if (ours(leaf)) self += ms
    const category = categoryOf(leaf)
    categories.set(category, (categories.get(category) ?? 0) + ms)
    // Up from the leaf to the first frame of a package (vitest's own code, which the
    // runner's trace wrapper calls): leakguard's code and the Node internals it called.
    // The outermost leakguard frame in that stretch names where the time went.
    let outermost
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at)
      if (node.callFrame.url.includes('/node_modules/')) break
      if (ours(node)) outermost = node
    }
    if (outermost) {
      under += ms
      functions.set(name(outermost), (functions.get(name(outermost)) ?? 0) + ms)
    }
  })
  return { total: total - (categories.get('idle') ?? 0), under, self, functions, categories }
}

function run(variant) {
  const out = join(profiles, variant)
  rmSync(out, { recursive: true, force: true })
  try {
    execFileSync(process.execPath, [join(repo, 'node_modules/vitest/vitest.mjs'), 'run'], {
      cwd: dir,
      env: { ...process.env, LG_BENCH_VARIANT: variant, LG_PROFILE_DIR: out },
      stdio: 'ignore',
    })
  } catch {
    // A failing run still leaves its profiles; the suite's tests all pass.
  }
  const results = readdirSync(out).map((name) => analyse(join(out, name)))
  const sum = (pick) => results.reduce((acc, result) => acc + pick(result), 0) / results.length
  const functions = new Map()
  const categories = new Map()
  for (const result of results) {
    for (const [key, ms] of result.functions)
      functions.set(key, (functions.get(key) ?? 0) + ms / results.length)
    for (const [key, ms] of result.categories)
      categories.set(key, (categories.get(key) ?? 0) + ms / results.length)
  }
  return {
    workers: results.length,
    total: sum((r) => r.total),
    under: sum((r) => r.under),
    self: sum((r) => r.self),
    functions,
    categories,
  }
}

// Alternated, and the median round of each taken: one run's sampled time is noisy here.
const rounds = { plain: [], defaults: [] }
for (let round = 0; round < Number(values.rounds); round++) {
  for (const variant of round % 2 === 0 ? ['plain', 'defaults'] : ['defaults', 'plain']) {
    rounds[variant].push(run(variant))
  }
}
const median = (list) => [...list].sort((a, b) => a.total - b.total)[Math.floor(list.length / 2)]
const plain = median(rounds.plain)
const defaults = median(rounds.defaults)
const ms = (value) => `${value.toFixed(1)} ms`
console.log(
  `${plain.workers} workers plain, ${defaults.workers} with leakguard() defaults; per worker (one test file each):`,
)
console.log(`| | plain | defaults |\n| --- | --- | --- |`)
const range = (list) => list.map((r) => r.total.toFixed(1)).join(', ')
console.log(
  `| busy time (main thread, idle excluded), median round | ${ms(plain.total)} | ${ms(defaults.total)} |`,
)
console.log(`| every round | ${range(rounds.plain)} | ${range(rounds.defaults)} |`)
console.log(`| under a leakguard frame | | ${ms(defaults.under)} |`)
console.log(`| leakguard's own self time | | ${ms(defaults.self)} |`)
for (const key of new Set([...plain.categories.keys(), ...defaults.categories.keys()])) {
  if (key === 'idle') continue
  const [a, b] = [plain.categories.get(key) ?? 0, defaults.categories.get(key) ?? 0]
  if (a > 0.5 || b > 0.5)
    console.log(
      `| self time: ${key} | ${ms(a)} | ${ms(b)} (${b >= a ? '+' : ''}${(b - a).toFixed(1)}) |`,
    )
}
console.log('\nUnder a leakguard frame (its code and the Node internals it calls, not vitest code')
console.log('it wraps), by the outermost leakguard function (per worker, median round):')
for (const [key, value] of [...defaults.functions].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
  console.log(`  ${ms(value).padStart(9)}  ${key}`)
}
