// Bundles the plugin's main-process side (what `import { leakguard } from 'leakguard/plugin'`
// loads into vitest's main process when it reads the config) into the one file the package
// exports map names, dist/plugin/index.js, instead of ~90 small modules (the options, the
// reporter, the report writers, the gate, the handle-kind catalogue). Importing it then
// costs ~6 ms of CPU instead of ~40–55 ms, once per run, in a process that had already
// loaded vitest and vite (BENCHMARKS.md, issue 15, "Main process").
//
// It overwrites tsc's dist/plugin/index.js in place, so every `import.meta.url`-relative
// path in that graph (dist/, ../worker/, zod and vitest resolved from here) still resolves
// from dist/plugin/. tsc re-emits every file on each build (no incremental build info), so
// the input is always the fresh tsc output. The other dist/plugin/*.js files stay: the
// worker bundle (scripts/bundle-worker.mjs) and the fixtures import them.
//
// Runs after `tsc` in `npm run build`. Without rolldown (a devDependency), it says so and
// leaves tsc's unbundled index.js, which works the same, only slower to import.
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { external, importRolldown, repo } from './rolldown.mjs'

const entry = join(repo, 'dist/plugin/index.js')
if (!existsSync(entry))
  throw new Error('bundle-plugin: dist/plugin/index.js is missing: run tsc first')

const rolldown = await importRolldown('bundle-plugin', 'leakguard/plugin stays unbundled')
if (!rolldown) process.exit(0)
// Read into memory first: the output overwrites the input.
const bundle = await rolldown.rolldown({
  input: entry,
  external,
  platform: 'node',
  logLevel: 'warn',
})
const { output } = await bundle.generate({ format: 'esm', codeSplitting: false })
await bundle.close()
const chunks = output.filter((item) => item.type === 'chunk')
if (chunks.length !== 1) {
  throw new Error(`bundle-plugin: expected one module, rolldown made ${chunks.length}`)
}
// Its exports are pinned by test/exports.test.ts, which reads this file.
writeFileSync(entry, chunks[0].code)
