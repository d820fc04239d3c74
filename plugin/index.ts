import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'vite'
import type {} from 'vitest/config'
import { composeRunner, leakguardRunnerPath } from './compose-runner.js'
import { heapDiffTests, withRerunEnv } from './heap-diff-env.js'
import { type LeakguardOptions, type ResolvedOptions, resolveOptions } from './options.js'
import { LeakguardReporter } from './reporter.js'
import { retainedPlan } from './retained-plan.js'
import { WORKER_OPTIONS_KEY, type WorkerOptions } from './worker-options.js'
import { workerModulePath } from './worker-paths.js'

export type { LeakguardMeta, LeakguardScopeMeta, LeakguardTestMeta } from './meta.js'
export type { AllowEntry, LeakguardOptions, ToleranceOptions } from './options.js'
export { isLeakguardOptionsError, LeakguardOptionsError } from './options.js'

const setupPath = workerModulePath('setup')
/** leakguard's built code (`dist/`), one level above this file's directory. */
const distDir = fileURLToPath(new URL('../', import.meta.url))
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

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
 * It sets leakguard's test runner (composed with yours if you set `test.runner`), injects
 * a small setup file, and adds its reporter in `configureVitest`, so that a
 * `--reporter` flag on the command line does not drop it. Options are checked here, when
 * vitest loads the config; a bad one throws a `LeakguardOptionsError`.
 *
 * @example
 * export default defineConfig({ plugins: [leakguard({ memoryLimit: '2 GB' })] })
 */
export function leakguard(options: LeakguardOptions = {}): Plugin {
  return {
    name: 'leakguard',
    config(config) {
      const root = resolve(config.test?.root ?? config.root ?? process.cwd())
      const resolved = withRerunEnv(resolveOptions(options, root))
      const userRunner = config.test?.runner
      return {
        test: {
          runner: userRunner
            ? composeRunner(userRunner, root, resolved.outDir)
            : leakguardRunnerPath,
          setupFiles: [setupPath],
          // Load leakguard natively, as it is from node_modules in a real install: inside
          // its own repository Vite would otherwise transform each built file in every
          // worker, and the runner and the tests would get separate module instances.
          server: { deps: { external: [new RegExp(`^${escapeRegExp(distDir)}`)] } },
        },
      }
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
