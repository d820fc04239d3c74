// Bundles what vitest workers load for leakguard (the runner, and the library-kind installer)
// into ONE module, dist/worker/runner.js, instead of ~33 small modules; the heap-diff code
// is a separate chunk, loaded only when a diff is taken. Each module a worker loads costs
// its own resolve, file read and module job, paid again in every test file's fresh worker:
// 33 modules cost ~26 ms CPU to import, three chunks ~8.5 ms, one ~5.9 ms (ABBA,
// process.cpuUsage() around the import in fresh forked children, BENCHMARKS.md, issue 15).
// dist/worker/library-import.js only re-exports the installer from it, so a file that
// imports a tracked library loads nothing new either.
//
// Built-ins that a vitest worker has not imported as ESM are `require`d, not imported: a
// first ESM import of one builds its facade (scripts/worker-builtins.mjs says why and
// which). The rule is checked on the output, and a breach fails the build.
//
// The chunks are written without comments or whitespace (names, strings and code kept:
// `compress` and `mangle` off). V8 pre-parses all of the module's source when a worker
// loads it, and scans a function's source again when it first runs, comments included:
// 131 KB became 68 KB, ~0.3 ms less CPU a test file (BENCHMARKS.md, issue 15). Function
// and class names stay, so profiles and stacks name leakguard's functions as before, and
// an open site is told from leakguard's frames by the file, never by its line. The
// stacks' line:column are then the minified file's; runner.js.map maps them back to
// dist/'s modules (read only by a stack formatter that wants it, e.g. --enable-source-maps).
//
// Runs after `tsc` in `npm run build`. It uses rolldown (a devDependency, the bundler
// vitest's vite already brings); without it, it says so and leaves the plugin on the
// unbundled modules (plugin/worker-paths.ts picks whichever exists), so a build never
// fails for it.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { external, importRolldown, repo } from './rolldown.mjs'
import { requireUnfacadedBuiltins, unfacadedImports } from './worker-builtins.mjs'

const outDir = join(repo, 'dist/worker')
rmSync(outDir, { recursive: true, force: true })

const rolldown = await importRolldown('bundle-worker', 'workers load dist/plugin/*.js unbundled')
if (!rolldown) process.exit(0)
const sources = {
  runner: join(repo, 'dist/plugin/runner.js'),
  installer: join(repo, 'dist/plugin/library-import.js'),
}
for (const path of Object.values(sources)) {
  if (!existsSync(path)) throw new Error(`bundle-worker: ${path} is missing: run tsc first`)
}
// One entry that exports both the runner and the installer: two entries would put what
// they share (the handle kinds) in a third module that every worker loads.
const ENTRY = '\0leakguard-worker-runtime'
const entrySource = [
  `export { default, createLeakguardRunner } from ${JSON.stringify(sources.runner)}`,
  `export { installOnImport } from ${JSON.stringify(sources.installer)}`,
].join('\n')
const { output } = await rolldown.build({
  input: { runner: ENTRY },
  cwd: repo,
  external,
  platform: 'node',
  // The lazy heap-diff chunk imports what it shares with the runner from runner.js,
  // which is loaded by then, instead of both importing a shared third chunk.
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: outDir,
    format: 'esm',
    comments: false,
    minify: { compress: false, mangle: false, codegen: { removeWhitespace: true } },
    // Without the sources' text: they ship beside it (dist/src, dist/plugin), and a stack
    // formatter that reads the map parses a quarter of it.
    sourcemap: true,
    sourcemapExcludeSources: true,
  },
  plugins: [
    {
      name: 'leakguard-worker-entry',
      resolveId: (id) => (id === ENTRY ? id : null),
      load: (id) => (id === ENTRY ? entrySource : null),
    },
    {
      name: 'leakguard-require-unfacaded-builtins',
      // Lines kept in place (see requireUnfacadedBuiltins): `map: null` says the chunk's
      // source map holds as it is.
      renderChunk: (code) => ({ code: requireUnfacadedBuiltins(code).code, map: null }),
    },
  ],
  logLevel: 'warn',
})
writeFileSync(
  join(outDir, 'library-import.js'),
  "// The library-kind installer, from the one worker runtime module (see bundle-worker.mjs).\nexport { installOnImport } from './runner.js'\n",
)
// The rules, checked on what was written: the runtime is one eager module (plus lazy
// chunks it imports dynamically), and an import the rewrite could not parse fails the
// build here instead of quietly costing every test file a facade again.
// rolldown lists a chunk's static imports of other chunks by file name; externals by id.
const runnerChunk = output.find((item) => item.type === 'chunk' && item.fileName === 'runner.js')
if (!runnerChunk) throw new Error('bundle-worker: rolldown wrote no runner.js')
const eagerChunks = runnerChunk.imports.filter((name) => name.endsWith('.js'))
if (eagerChunks.length > 0) {
  throw new Error(
    `bundle-worker: dist/worker/runner.js imports ${eagerChunks.join(', ')} ` +
      'eagerly: every worker would load one more module',
  )
}
for (const name of readdirSync(outDir).filter((file) => file.endsWith('.js'))) {
  const left = unfacadedImports(readFileSync(join(outDir, name), 'utf8'))
  if (left.length > 0) {
    throw new Error(
      `bundle-worker: dist/worker/${name} imports node:${left.join(', node:')} as ESM; ` +
        'vitest has no facade for it: require it (scripts/worker-builtins.mjs)',
    )
  }
}
