// What the first test of a test file's fresh worker pays, call by call, for leakguard's
// set-up: the peak probe, the GC observer and the first start snapshot (the worker log is
// per-test work, measured with it). CPU (process.cpuUsage(), user+sys) around each first
// call in a fresh forked child that has first loaded what a vitest forks worker has
// (vitest, and the built-ins it imports as ESM) and leakguard's modules, so only the calls
// are timed. Each build is a `dist/` (e.g. a build of main kept in tmp/); builds alternate
// ABBA, one fresh child each, and each prints its medians and min–max.
//
// Usage: npm run build && node bench/overhead/first-calls.mjs [--rounds 15] [dist ...]
//        (default: dist)
import { relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { vitestFacades } from '../../scripts/worker-builtins.mjs'
import { alternate, messageFromChild } from '../lib/alternate.mjs'
import { markdownTable, median, span } from '../lib/table.mjs'
import { repo } from './generate.mjs'

const STEPS = [
  'createPeakProbe',
  'new GcStats().start()',
  'first startSnapshot',
  'second startSnapshot',
]

if (process.argv[2] === '--child') {
  for (const id of vitestFacades) await import(`node:${id}`)
  await import('vitest')
  const dist = process.argv[3]
  const load = (path) => import(pathToFileURL(resolve(dist, path)).href)
  const { createPeakProbe } = await load('src/memory/peak.js')
  const { GcStats } = await load('src/memory/gc-stats.js')
  const { startSnapshot } = await load('src/memory/test-snapshot.js')
  const spent = []
  const time = (fn) => {
    const before = process.cpuUsage()
    const value = fn()
    const used = process.cpuUsage(before)
    spent.push((used.user + used.system) / 1000)
    return value
  }
  const peak = time(() => createPeakProbe())
  time(() => new GcStats().start())
  const options = { peak, gc: false, rssScope: 'process' }
  time(() => startSnapshot(options))
  time(() => startSnapshot(options))
  process.send?.(spent, () => process.exit(0))
} else {
  const { values, positionals } = parseArgs({
    options: { rounds: { type: 'string', default: '15' } },
    allowPositionals: true,
  })
  const builds = (positionals.length > 0 ? positionals : ['dist']).map((path) => resolve(path))
  const samples = await alternate(Number(values.rounds), builds.length, (index) =>
    messageFromChild(import.meta.filename, ['--child', builds[index]], repo),
  )
  const stat = (values) => `${median(values).toFixed(2)} ms (${span(values)} ms)`
  console.log(`First-call CPU, fresh forked child, ${values.rounds} rounds ABBA: median (min–max)`)
  const rows = STEPS.map((step, index) => [
    step,
    ...samples.map((rounds) => stat(rounds.map((spent) => spent[index]))),
  ])
  const totals = samples.map((rounds) =>
    stat(rounds.map((spent) => spent.slice(0, 3).reduce((a, b) => a + b))),
  )
  rows.push(['first three together', ...totals])
  console.log(markdownTable(['call', ...builds.map((dist) => relative(repo, dist))], rows))
}
