import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Reporter, TestModule, TestRunEndReason, Vitest } from 'vitest/node'
import type { RunEnvironment } from '../src/report/model.js'
import type { ResolvedOptions } from './options.js'
import { endRun } from './run-end.js'

/**
 * leakguard's reporter, in the main process: at the end of a run it has the report built,
 * gated, written and printed (`endRun`); on SIGINT/SIGTERM it writes what is known first.
 * Added by the plugin; you do not configure it yourself.
 */
export class LeakguardReporter implements Reporter {
  #vitest: Vitest | undefined
  #startedAt = Date.now()

  constructor(private readonly options: ResolvedOptions) {}

  onInit(vitest: Vitest): void {
    this.#vitest = vitest
    this.#startedAt = Date.now()
    // Logs left by a killed earlier run would otherwise be merged into this one.
    rmSync(join(this.options.outDir, 'workers'), { recursive: true, force: true })
    // `vitest run` answers SIGINT/SIGTERM by exiting a millisecond later, without ending
    // the run: no onTestRunEnd. Write what is known now, synchronously, marked incomplete.
    process.once('SIGINT', this.#onSignal)
    process.once('SIGTERM', this.#onSignal)
    vitest.onClose(() => {
      process.off('SIGINT', this.#onSignal)
      process.off('SIGTERM', this.#onSignal)
    })
  }

  readonly #onSignal = (signal: NodeJS.Signals): void => {
    if (!this.#vitest) return
    this.#vitest.logger.error(`leakguard: ${signal}: writing the report of the tests so far`)
    this.onTestRunEnd(this.#vitest.state.getTestModules(), [], 'interrupted')
  }

  onTestRunStart(): void {
    // In watch mode each rerun is its own session in memory.jsonl.
    this.#startedAt = Date.now()
  }

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    _errors: ReadonlyArray<unknown>,
    reason: TestRunEndReason,
  ): void | Promise<void> {
    const vitest = this.#vitest
    return endRun(testModules, reason, {
      options: this.options,
      environment: this.#environment(),
      startedAt: this.#startedAt,
      configFile: vitest?.vite.config.configFile,
      log: (text) => (vitest ? vitest.logger.log(text) : console.log(text)),
      error: (text) => (vitest ? vitest.logger.error(text) : console.error(text)),
    })
  }

  #environment(): RunEnvironment {
    return {
      platform: process.platform,
      arch: process.arch,
      node: process.version,
      vitest: this.#vitest?.version ?? 'unknown',
      pool: String(this.#vitest?.config.pool ?? 'forks'),
    }
  }
}
