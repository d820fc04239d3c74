import type { RunnerTask, RunnerTestCase, RunnerTestFile, RunnerTestSuite } from 'vitest'
import { aroundEach, TestRunner } from 'vitest'
import { ownerContext } from '../src/handles/index.js'
import { handleKinds, installKinds, wrapLoadedWorkerThreads } from '../src/handles/kinds/index.js'
import type { HeapDiff } from '../src/memory/heap-diff/index.js'
import { createPeakProbe, type PeakProbe } from '../src/memory/peak.js'
import { startSnapshot } from '../src/memory/test-snapshot.js'
// Shared with the `memory` fixture, so it measures the same window as the report.
import { testStarts } from '../src/memory/test-starts.js'
import type { RssScope } from '../src/report/model.js'
import { onMainThread } from '../src/thread.js'
import { asyncOwnerPolicy, type OwnerScope } from './async-owner.js'
import { FdCache } from './fd-cache.js'
import { judgeScope } from './judge-scope.js'
import { judgeTest } from './judge-test.js'
import { annotateWarnedLeaks } from './leak-annotation.js'
import { fallbackState, ownerOfSpan, testOwner } from './owner-keys.js'
import { RetainedTracker } from './retained-tracker.js'
import { fullTaskName, relativeFile } from './task-names.js'
import type { VerdictState } from './verdict-state.js'
import { WorkerFixtures } from './worker-fixtures.js'
import { WorkerGc } from './worker-gc.js'
import { WorkerLog } from './worker-log.js'
import { WORKER_OPTIONS_KEY, type WorkerOptions } from './worker-options.js'

type Trace = TestRunner['trace']
type ImportFile = TestRunner['importFile']
type AnyTrace = (name: string, attributes: unknown, cb?: () => unknown) => unknown

/**
 * Kinds installed before the first file is collected. A library kind (`imports`) is
 * installed by the plugin's stand-in for its library, when the user's code imports it.
 */
const eagerKinds = handleKinds.filter((kind) => kind.imports === undefined)

/** Threads share one process: RSS and its peak there are not the test's own. */
const RSS_SCOPE: RssScope = onMainThread() ? 'process' : 'shared-process'

const defaultTrace: AnyTrace = (_name, attributes, cb) =>
  typeof attributes === 'function' ? (attributes as () => unknown)() : cb?.()

/**
 * Builds leakguard's runner on top of `Base`: vitest's `TestRunner`, or a runner class
 * the user configured (composed, not replaced).
 *
 * - Ownership: it wraps the runner's `trace` spans (`run.test`, `run.suite`, `run.spec`,
 *   `collect_spec`), so whatever a test, its hooks, fixtures and timers open is owned by
 *   that test; suite hooks by the suite; module scope by the file.
 * - Verdict: in `onAfterRunTask`, the only hook after all of a test's teardown, and in
 *   `onAfterRunSuite` for suites and files.
 * - Memory: figures taken in `onBeforeRunTask` (late) and `onAfterRunTask` (early).
 */
export function createLeakguardRunner(Base: typeof TestRunner): typeof TestRunner {
  return class LeakguardRunner extends Base {
    #options: WorkerOptions | undefined
    #peak: PeakProbe | undefined
    #log: WorkerLog | undefined
    #gc: WorkerGc | undefined
    readonly #verdicts: VerdictState = {
      deferred: new Map(),
      reported: new Set(),
      workerFixtures: new WorkerFixtures(this),
      // Isolated (vitest's default): one worker per run of files, none after the last.
      isLastFile: (file) => this.config.isolate !== false && this.#lastFile === file,
    }
    /** The last file this worker collected: files run in the order they are collected. */
    #lastFile: RunnerTestFile | undefined
    readonly #async: OwnerScope = asyncOwnerPolicy()
    #selfChecked = false
    readonly #fds = new FdCache()
    /** Heap diffs in progress, by test id (option `heapDiff`). */
    readonly #heapDiffs = new Map<string, HeapDiff>()
    /** `gc: 'auto'` (issue 15): the after-GC heap between tests, and the baseline's plan. */
    #retained: RetainedTracker | undefined

    constructor(...args: ConstructorParameters<typeof TestRunner>) {
      super(...args)
      // A diagnostic switch: if a vitest version's spans misbehave, this forces the
      // aroundEach fallback (the e2e tests use it to exercise that path).
      if (process.env.LEAKGUARD_TRACE_OWNERSHIP === 'off') return
      const original = (this.trace as AnyTrace | undefined) ?? defaultTrace
      const wrapped: AnyTrace = (name, attributes, cb) => {
        if (typeof attributes !== 'object' || attributes === null) {
          return original(name, attributes, cb)
        }
        const attrs = attributes as Record<string, unknown>
        const owner = ownerOfSpan(name, attrs)
        if (owner === undefined) return original(name, attributes, cb)
        return this.#async.enter(owner, attrs['code.file.path'], () =>
          original(name, attributes, cb),
        )
      }
      this.trace = wrapped as Trace
    }

    get #opts(): WorkerOptions {
      this.#options ??= this.injectValue(WORKER_OPTIONS_KEY) as WorkerOptions | undefined
      if (!this.#options) {
        throw new Error('leakguard: the runner was loaded without the leakguard() plugin')
      }
      return this.#options
    }

    async onBeforeCollect(paths: string[]): Promise<void> {
      // Before any setup or test file is imported, outside every owner's span: the wrappers
      // must be in place for the first open, and installing opens nothing a test owns.
      // Once per realm; `onLeak: 'off'` checks no handle, so it wraps nothing either.
      const options = this.#opts
      if (options.onLeak !== 'off') await installKinds(eagerKinds, options.track, options.root)
      // Not in TestRunner's declared type, but a user's runner composed under ours may have it.
      const base = Base.prototype as { onBeforeCollect?: (paths: string[]) => unknown }
      await base.onBeforeCollect?.call(this, paths)
    }

    override onCollectStart(file: RunnerTestFile): void {
      this.#lastFile = file
      super.onCollectStart(file)
    }

    override importFile(...args: Parameters<ImportFile>): ReturnType<ImportFile> {
      // The test file's import, after the collector context is cleared and the setup files
      // ran: an aroundEach registered now wraps every test of the file.
      if (args[1] === 'collect') this.#checkCollectOwner()
      return super.importFile(...args)
    }

    override async onBeforeRunSuite(suite: RunnerTestSuite): Promise<void> {
      // Inside the file's `run.spec` span, before any of its tests' spans open.
      if (suite.file === suite) {
        this.#async.prepare(suite.file)
        // The file and its imports are loaded: if they loaded worker_threads, its `Worker`
        // is wrapped before any hook or test can construct one (src/handles/kinds/worker.ts).
        wrapLoadedWorkerThreads()
      }
      this.#fds.invalidate() // beforeAll may open files: count afresh
      this.#retained?.invalidate()
      await super.onBeforeRunSuite(suite)
    }

    override async onBeforeRunTask(test: RunnerTask): Promise<void> {
      await super.onBeforeRunTask(test)
      if (test.type !== 'test' || (test.mode !== 'run' && test.mode !== 'queued')) return
      this.#checkOwnership(test)
      const options = this.#opts
      this.#peak ??= createPeakProbe()
      // Before the snapshot: opening the log must not count as the test's fd.
      this.#log ??= new WorkerLog(options.outDir)
      this.#gc ??= new WorkerGc()
      // Before the memory window opens: the snapshot's spike must not count as the test's.
      // Loaded only when a diff is wanted: the heap-diff modules cost ~30 ms per worker.
      const file = relativeFile(test, options.root)
      const name = fullTaskName(test)
      const diff =
        options.heapDiffTests === 'none'
          ? undefined
          : await (await import('./heap-diff-hook.js')).startTestHeapDiff(options, file, name)
      if (diff) this.#heapDiffs.set(test.id, diff)
      const othersRunning = this.#fds.running > 0
      const knownFds = this.#fds.testStarting()
      if (options.gc === 'auto') this.#retained ??= new RetainedTracker(options.retained, 0)
      const start = startSnapshot(
        { peak: this.#peak, gc: options.gc, rssScope: RSS_SCOPE },
        knownFds,
        this.#retained?.startOf(file, name, othersRunning),
      )
      this.#log.write({
        type: 'test-start',
        time: Date.now(),
        pid: process.pid,
        id: test.id,
        file,
        name,
        rss: start.rss,
        heapUsed: start.heapUsed,
      })
      testStarts.set(test.id, start)
    }

    override async onAfterRunTask(test: RunnerTask): Promise<void> {
      const start = testStarts.get(test.id)
      testStarts.delete(test.id)
      await (super.onAfterRunTask as (t: RunnerTask) => unknown).call(this, test)
      if (test.type !== 'test' || !start || !this.#peak || !this.#log) return
      const diff = this.#heapDiffs.get(test.id)
      this.#heapDiffs.delete(test.id)
      const meta = await judgeTest(test as RunnerTestCase, start, {
        options: this.#opts,
        peak: this.#peak,
        log: this.#log,
        state: this.#verdicts,
        rssScope: RSS_SCOPE,
        fds: this.#fds,
      })
      if (this.#gc) {
        const root = this.#opts.root
        const event = await this.#gc.event(test.id, relativeFile(test, root), fullTaskName(test))
        // Written with the next test's `test-start`, or at the file's end: one write less.
        this.#log.later(event)
      }
      this.#retained?.ended(meta.memory ?? undefined, this.#fds.running > 0)
      if (this.#opts.onLeak === 'warn' && meta.status === 'leak') {
        // vitest adds onTestAnnotate to its runner at run time; it is not in the declared type.
        const runner = this as unknown as Parameters<typeof annotateWarnedLeaks>[0]
        await annotateWarnedLeaks(runner, test as RunnerTestCase, meta, this.#opts.root)
      }
      // After the verdict, whose memory figures must not include the second snapshot.
      if (diff) {
        const source = this.#opts.heapDiffTests === 'all' ? 'run' : 'rerun'
        const { finishTestHeapDiff } = await import('./heap-diff-hook.js')
        test.meta.leakguard = await finishTestHeapDiff(diff, meta, source)
      }
    }

    override async onAfterRunSuite(suite: RunnerTestSuite): Promise<void> {
      // The last test's GC line, before anything of the file's end can kill the worker.
      if (suite.file === suite) this.#log?.flush()
      this.#fds.invalidate() // afterAll may close files: count afresh
      this.#retained?.invalidate()
      await super.onAfterRunSuite(suite)
      await judgeScope(suite, this.#opts, this.#verdicts)
    }

    /**
     * Per file, inside vitest's `collect_spec` span: if the trace wrapping made the file the
     * owner here, it works and no hook is needed (an aroundEach on every test costs
     * measurable time). If not (span names changed), each test, its hooks and fixtures get
     * their owner from an aroundEach instead; auto fixtures and module scope then have none.
     */
    #checkCollectOwner(): void {
      if (ownerContext.current()?.startsWith('file:')) return
      if (!fallbackState.useAroundEach) {
        fallbackState.useAroundEach = true
        console.warn(
          'leakguard: vitest did not collect this file inside its `collect_spec` trace span; ' +
            'owning tests through aroundEach instead. Handles opened in beforeAll, at module ' +
            'scope or by auto fixtures are not checked in this mode.',
        )
      }
      aroundEach(async (run, { task }) => ownerContext.run(testOwner(task.id), run))
    }

    /** Once per worker: did the trace wrapping (or the aroundEach fallback) own this test? */
    #checkOwnership(test: RunnerTask): void {
      if (this.#selfChecked || fallbackState.useAroundEach) return
      this.#selfChecked = true
      if (ownerContext.current() === testOwner(test.id)) return
      console.warn(
        'leakguard: vitest ran this test outside its `run.test` trace span although the file ' +
          'was collected inside `collect_spec`; handles will be blamed on the file, not the test.',
      )
    }
  }
}

/** The runner the plugin sets as `test.runner` when the user has none of their own. */
export default createLeakguardRunner(TestRunner)
