// leakguard's own CPU in vitest's main process, hook by hook: importing `leakguard/plugin`
// from the config, the plugin's `config` / `configureVitest` / `resolveId` / `load`
// hooks, and the reporter's `onInit` and `onTestRunEnd` (the run's report: worker logs
// merged, report.json, memory.jsonl, summary.md, report.html). Each is timed with
// process.cpuUsage() around the synchronous call, so the machine's load barely moves it,
// unlike the whole-process figures of cpu-split.mjs (whose main-process delta also holds
// what vitest does for leakguard: task.meta over IPC, the runner's module fetch).
//
// Usage: npm run build && node bench/overhead/main-hooks.mjs [--runs 5] [--files 40]
//        [--tests 5] [--trivial] [--dir tmp/bench-main-hooks]
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { markdownTable, median, span } from '../lib/table.mjs'
import { distPattern, generateSuite, repo } from './generate.mjs'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    files: { type: 'string', default: '40' },
    tests: { type: 'string', default: '5' },
    trivial: { type: 'boolean', default: false },
    dir: { type: 'string', default: 'tmp/bench-main-hooks' },
  },
})
const suite = generateSuite({
  dir: resolve(values.dir),
  files: Number(values.files),
  tests: Number(values.tests),
  trivial: values.trivial,
})
const out = join(suite, '.main-hooks.jsonl')

// The suite's config with every leakguard hook wrapped in a CPU timer.
writeFileSync(
  join(suite, 'vitest.hooks.config.mjs'),
  `import { appendFileSync } from 'node:fs'
import { defineConfig } from 'vitest/config'

const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000 }
const totals = {}
const add = (name, ms) => { totals[name] = (totals[name] ?? 0) + ms }
const timed = (name, fn) => function (...args) {
  const start = cpu()
  try { return fn.apply(this, args) } finally { add(name, cpu() - start) }
}
const start = cpu()
const { leakguard } = await import('leakguard/plugin')
add('import leakguard/plugin', cpu() - start)
const plugin = leakguard()
plugin.config = timed('plugin config', plugin.config)
for (const hook of ['resolveId', 'load']) {
  plugin[hook] = { ...plugin[hook], handler: timed('plugin ' + hook, plugin[hook].handler) }
}
const configureVitest = plugin.configureVitest
plugin.configureVitest = timed('plugin configureVitest', function (context) {
  configureVitest.call(this, context)
  const reporter = context.vitest.config.reporters.find((r) => r?.constructor?.name === 'LeakguardReporter')
  for (const method of ['onInit', 'onTestRunStart', 'onTestRunEnd']) {
    reporter[method] = timed('reporter ' + method, reporter[method].bind(reporter))
  }
})
process.on('exit', () => appendFileSync(${JSON.stringify(out)}, JSON.stringify(totals) + '\\n'))

export default defineConfig({
  plugins: [plugin],
  test: {
    include: ['*.test.ts'],
    server: { deps: { external: [new RegExp(${JSON.stringify(`^${distPattern}`)})] } },
  },
})
`,
)

rmSync(out, { force: true })
const vitest = join(repo, 'node_modules/vitest/vitest.mjs')
for (let run = 0; run <= Number(values.runs); run++) {
  const child = spawnSync(
    process.execPath,
    [vitest, 'run', '--root', suite, '--config', 'vitest.hooks.config.mjs', '--reporter=dot'],
    {
      cwd: suite,
      env: { ...process.env, NO_COLOR: '1', CI: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  if (child.status !== 0) throw new Error(`exit ${child.status}\n${child.stderr}`)
}
// The first run warms the page cache and vite's caches: left out.
const runs = readFileSync(out, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => JSON.parse(line))
const hooks = [...new Set(runs.flatMap((run) => Object.keys(run)))]
const figure = (xs) => `${median(xs).toFixed(1)} ms (${span(xs, 1)})`
const rows = hooks.map((hook) => [hook, figure(runs.map((run) => run[hook] ?? 0))])
const totals = runs.map((run) => Object.values(run).reduce((sum, ms) => sum + ms, 0))
rows.push(['**total**', figure(totals)])
console.log(
  `leakguard's CPU in vitest's main process, ${values.files} files × ${values.tests} tests, ${runs.length} runs, median (min–max):\n`,
)
console.log(markdownTable(['hook', 'CPU'], rows))
