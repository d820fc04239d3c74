import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'vite'
import type {} from 'vitest/config'
import { composeRunner, leakguardRunnerPath } from './compose-runner.js'
import { heapDiffTests, withRerunEnv } from './heap-diff-env.js'
import { type LibraryImports, libraryIdFilter, libraryImports } from './library-imports.js'
import { type LeakguardOptions, type ResolvedOptions, resolveOptions } from './options.js'
import { LeakguardReporter } from './reporter.js'
import { retainedPlan } from './retained-plan.js'
import { WORKER_OPTIONS_KEY, type WorkerOptions } from './worker-options.js'

export type { LeakguardMeta, LeakguardScopeMeta, LeakguardTestMeta } from './meta.js'
export type { AllowEntry, LeakguardOptions, ToleranceOptions } from './options.js'
export { isLeakguardOptionsError, LeakguardOptionsError } from './options.js'

/** leakguard's built code (`dist/`), one level above this file's directory. */
const distDir = fileURLToPath(new URL('../', import.meta.url))
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * The ids the plugin's `resolveId` answers: the tracked libraries' imports, and the
 * runner's own path. Every fresh worker asks the main process to resolve `test.runner`
 * (once per test file, on vitest 4.1 and 5); the path is already absolute and real (from
 * `import.meta.url`), which is what Vite's resolver would return after ~100 µs of file
 * system lookups, so the plugin returns it as it is.
 */
const resolveIdFilter = new RegExp(
  `${libraryIdFilter.source}|^${escapeRegExp(leakguardRunnerPath)}$`,
)

function workerOptions(options: ResolvedOptions): WorkerOptions {
  const { onLeak, outDir, gc, memoryLimit, allow, settleTurns, root, track } = options
  return {
    onLeak,
    outDir,
    gc,
    memoryLimit,
    allow,
    settleTurns,
    root,
    track,
    heapDiffTests: heapDiffTests(options),
    ...(gc === 'auto' ? { retained: retainedPlan(options) } : {}),
  }
}

/**
 * The leakguard Vitest plugin: `plugins: [leakguard()]` is all a user writes.
 *
 * It sets leakguard's test runner (composed with yours if you set `test.runner`), adds its
 * reporter in `configureVitest`, so that a `--reporter` flag on the command line does not
 * drop it, and turns the user's imports of a tracked library (h5wasm, DuckDB) into ones
 * that install its kind first (`library-imports.ts`). Options are checked here, when
 * vitest loads the config; a bad one throws a `LeakguardOptionsError`.
 *
 * @example
 * export default defineConfig({ plugins: [leakguard({ memoryLimit: '2 GB' })] })
 */
export function leakguard(options: LeakguardOptions = {}): Plugin {
  let libraries: LibraryImports | undefined
  return {
    name: 'leakguard',
    // Before Vite's own resolver, which would otherwise resolve the libraries' imports.
    enforce: 'pre',
    config(config) {
      const root = resolve(config.test?.root ?? config.root ?? process.cwd())
      const resolved = withRerunEnv(resolveOptions(options, root))
      libraries = libraryImports(resolved)
      const userRunner = config.test?.runner
      return {
        test: {
          runner: userRunner
            ? composeRunner(userRunner, root, resolved.outDir)
            : leakguardRunnerPath,
          // Load leakguard natively, as it is from node_modules in a real install: inside
          // its own repository Vite would otherwise transform each built file in every
          // worker, and the runner and the tests would get separate module instances.
          server: { deps: { external: [new RegExp(`^${escapeRegExp(distDir)}`)] } },
        },
      }
    },
    resolveId: {
      filter: { id: resolveIdFilter },
      handler(source, importer, extra) {
        if (source === leakguardRunnerPath) return source
        // Vite 6+ names the environment's consumer; before it, `ssr` says the same.
        const consumer = (this as { environment?: { config?: { consumer?: string } } }).environment
          ?.config?.consumer
        const serverSide = consumer !== undefined ? consumer === 'server' : extra?.ssr === true
        return libraries?.resolveId(source, importer, serverSide) ?? null
      },
    },
    load: {
      filter: { id: libraryIdFilter },
      handler(id) {
        return libraries?.load(id) ?? null
      },
    },
    configureVitest({ vitest, project }) {
      const resolved = withRerunEnv(resolveOptions(options, project.config.root))
      project.provide(WORKER_OPTIONS_KEY, workerOptions(resolved))
      // Reporters are created after this hook, and this list survives `--reporter=…`.
      // One reporter per run: with vitest projects each project has its own leakguard(),
      // and the one report.json tells their tests apart by `project`.
      const reporters = vitest.config.reporters as unknown[]
      if (reporters.some((reporter) => reporter instanceof LeakguardReporter)) return
      reporters.push(new LeakguardReporter(resolved))
    },
  }
}
