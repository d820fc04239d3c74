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
import { median, span } from '../lib/table.mjs'
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

const cpu = () => {
  const c = process.cpuUsage()
  return (c.user + c.system) / 1000
}
/** µs a call of `calls` resolves of `id`. */
async function timed(id) {
  const start = cpu()
  for (let i = 0; i < Number(values.calls); i++) {
    await environment.pluginContainer.resolveId(id, undefined)
  }
  return ((cpu() - start) * 1000) / Number(values.calls)
}
const results = { runner: [], sibling: [] }
for (let round = 0; round < Number(values.rounds); round++) {
  const order = round % 2 === 0 ? ['runner', 'sibling'] : ['sibling', 'runner']
  for (const which of order) results[which].push(await timed(which === 'runner' ? runner : sibling))
}
await vitest.close()
console.log('| resolveId of | µs a call, median (min–max) |\n| --- | --- |')
console.log(
  `| test.runner, ${runner.replace(/.*\/dist\//, 'dist/')} (the plugin answers) | ${median(results.runner).toFixed(1)} (${span(results.runner, 1)}) |`,
)
console.log(
  `| its sibling, ${sibling.replace(/.*\/dist\//, 'dist/')} (Vite's resolver) | ${median(results.sibling).toFixed(1)} (${span(results.sibling, 1)}) |`,
)
