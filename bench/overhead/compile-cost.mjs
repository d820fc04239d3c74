// What compiling and running leakguard's worker runtime costs, with less noise than
// import-cost.mjs: one process that has loaded what a vitest forks worker has (vitest and
// the built-ins it imports as ESM) imports each runtime again and again as a fresh module
// instance (a `?n=` query makes each import a new module: read, compiled and evaluated
// anew), alternating the runtimes, and takes process.cpuUsage() around each import. No
// fork per sample, so no process start-up in the spread; the module's file read and
// resolve are warm, so the figure is mostly V8 compiling the source and its top level.
//
// Usage: npm run build && node bench/overhead/compile-cost.mjs [--rounds 30] [runtime.js ...]
//        (default runtime: dist/worker/runner.js; e.g. a build of main kept in tmp/ first)
import { relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { vitestFacades } from '../../scripts/worker-builtins.mjs'
import { alternate } from '../lib/alternate.mjs'
import { markdownTable, median, span } from '../lib/table.mjs'

const { values, positionals } = parseArgs({
  options: { rounds: { type: 'string', default: '30' } },
  allowPositionals: true,
})
const runtimes = (positionals.length > 0 ? positionals : ['dist/worker/runner.js']).map((path) =>
  resolve(path),
)
for (const id of vitestFacades) await import(`node:${id}`)
await import('vitest')

// The first imports of each warm the loader's own code paths: left out of the figures.
const WARM_UP = 4
let instance = 0
const rounds = await alternate(Number(values.rounds) + WARM_UP, runtimes.length, async (index) => {
  const url = `${pathToFileURL(runtimes[index]).href}?n=${instance++}`
  const before = process.cpuUsage()
  await import(url)
  const spent = process.cpuUsage(before)
  return (spent.user + spent.system) / 1000
})
const samples = rounds.map((list) => list.slice(WARM_UP))
console.log(
  `CPU to import as a fresh module instance, one process, ${values.rounds} rounds alternated: median (min–max)`,
)
console.log(
  markdownTable(
    ['module', 'CPU'],
    runtimes.map((path, index) => [
      relative(process.cwd(), path),
      `${median(samples[index]).toFixed(2)} ms (${span(samples[index])} ms)`,
    ]),
  ),
)
