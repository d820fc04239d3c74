// Bundles what vitest workers load for leakguard (the runner, and the library-kind installer)
// into dist/worker/, one module each plus shared chunks, instead of ~33 small modules:
// importing the runner then costs ~14 ms of CPU per test file instead of ~26 ms
// (`node --cpu-prof` and process.cpuUsage() on this machine, BENCHMARKS.md, issue 15).
// The heap-diff code stays a separate chunk, loaded only when a diff is taken.
//
// Runs after `tsc` in `npm run build`. It uses rolldown (a devDependency, the bundler
// vitest's vite already brings); without it, it says so and leaves the plugin on the
// unbundled modules (plugin/worker-paths.ts picks whichever exists), so a build never
// fails for it.
import { existsSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = join(repo, 'dist/worker')
rmSync(outDir, { recursive: true, force: true })

let rolldown
try {
  rolldown = await import('rolldown')
} catch (error) {
  // Only an absent rolldown falls back; a rolldown that is there but fails to load is a
  // broken install, reported rather than hidden behind the slower unbundled runtime.
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error
  console.warn('bundle-worker: rolldown not found; workers load dist/plugin/*.js unbundled')
  process.exit(0)
}
for (const name of ['runner', 'library-import']) {
  if (!existsSync(join(repo, `dist/plugin/${name}.js`))) {
    throw new Error(`bundle-worker: dist/plugin/${name}.js is missing: run tsc first`)
  }
}
await rolldown.build({
  input: {
    runner: 'dist/plugin/runner.js',
    'library-import': 'dist/plugin/library-import.js',
  },
  cwd: repo,
  // Node built-ins and packages stay imports: vitest must be the worker's own instance,
  // and the user's copies of libraries are resolved from their project.
  external: [/^node:/, /^[a-z@][^:]*$/],
  platform: 'node',
  output: { dir: outDir, format: 'esm' },
  logLevel: 'warn',
})
