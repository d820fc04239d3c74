// The main-process CPU of one `resolve` RPC for leakguard's `test.runner`: what vitest's
// main process does when a fresh worker asks it to resolve the runner's path (once per
// test file). Calls the project environment's pluginContainer.resolveId directly, as
// vitest's `resolve` RPC handler does, in a process of its own, timed with
// process.cpuUsage(); no IPC, so load barely moves it. Alternated, round by round, with
// the same call for a sibling file of the runner (dist/worker/library-import.js), which
// the plugin does not answer, so Vite's resolver does: the saving of the plugin's
// answering for the runner, measured side by side in one process.
//
// Usage: npm run build && node bench/overhead/runner-resolve.mjs [--calls 200] [--rounds 6]
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createVitest } from 'vitest/node'
import { alternate, clockMicros } from '../lib/alternate.mjs'
import { markdownTable, median, span } from '../lib/table.mjs'
import { generateSuite } from './generate.mjs'

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '6' },
    dir: { type: 'string', default: 'tmp/bench-runner-resolve' },
  },
})
const suite = generateSuite({ dir: resolve(values.dir), files: 1, tests: 1, trivial: true })
process.env.LG_BENCH_VARIANT = 'defaults'
const vitest = await createVitest('test', { root: suite, watch: false, reporters: [] })
const project = vitest.projects[0]
const runner = project.config.runner
const environment = project.vite.environments.ssr
const sibling = join(dirname(runner), 'library-import.js')
for (const [id, expected] of [
  [runner, runner],
  [sibling, sibling],
]) {
  const resolved = await environment.pluginContainer.resolveId(id, undefined)
  // The shortcut must give what Vite's resolver gives: the same real, absolute path.
  if (resolved?.id !== expected) throw new Error(`${id} resolved to ${resolved?.id}`)
}

const now = clockMicros('cpu')
/** µs a call of `calls` resolves of `id`. */
async function timed(id) {
  const start = now()
  for (let i = 0; i < Number(values.calls); i++) {
    await environment.pluginContainer.resolveId(id, undefined)
  }
  return (now() - start) / Number(values.calls)
}
const ids = [runner, sibling]
const [runnerCalls, siblingCalls] = await alternate(Number(values.rounds), 2, (side) =>
  timed(ids[side]),
)
await vitest.close()
const figure = (list) => `${median(list).toFixed(1)} (${span(list, 1)})`
const inDist = (path) => path.replace(/.*\/dist\//, 'dist/')
console.log(
  markdownTable(
    ['resolveId of', 'µs a call, median (min–max)'],
    [
      [`test.runner, ${inDist(runner)} (the plugin answers)`, figure(runnerCalls)],
      [`its sibling, ${inDist(sibling)} (Vite's resolver)`, figure(siblingCalls)],
    ],
  ),
)
