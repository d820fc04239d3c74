type Teardown = () => unknown

/** The part of vitest's runner that hands over the teardown of worker-scoped fixtures. */
export interface WorkerCleanupHost {
  onCleanupWorkerContext?: ((teardown: Teardown) => void) | undefined
  /** The pool's name, e.g. `'forks'` or `'vmThreads'`. */
  readonly pool?: string | undefined
}

/** Pools where vitest turns `scope: 'worker'` fixtures into file fixtures. */
const VM_POOLS = new Set(['vmThreads', 'vmForks'])

/**
 * Vitest's teardown of `scope: 'worker'` fixtures, taken over from the runner.
 *
 * Why: vitest tears worker fixtures down when the worker exits, after the last file's
 * verdict has been sent, so a worker fixture's handle is still open when its file ends
 * even when the fixture closes it. In an isolated worker (vitest's default: one file per
 * worker) nothing runs after that file, so leakguard runs the teardown itself, just before
 * the file's verdict, and a handle still open after it is a real leak. Vitest's own call at
 * exit then finds nothing left to tear down.
 *
 * Vitest 4.1 declares `onCleanupWorkerContext` as a method and vitest 5 sets it on the
 * instance, so it is wrapped on the instance after construction. The vm pools turn worker
 * fixtures into file fixtures, which have torn down before a file's verdict: nothing to do.
 */
export class WorkerFixtures {
  #teardown: Teardown | undefined
  #run: Promise<void> | undefined
  #callerReportsError = false
  readonly #atExit: Array<() => void> = []

  /** Wraps `host.onCleanupWorkerContext`, if the pool has one. */
  constructor(host: WorkerCleanupHost) {
    const register = host.onCleanupWorkerContext
    // Vitest 4.1 keeps the hook in vm pools, where it has nothing to tear down.
    if (typeof register !== 'function' || VM_POOLS.has(host.pool ?? '')) return
    host.onCleanupWorkerContext = (teardown) => {
      this.#teardown = teardown
      register.call(host, () => this.#atWorkerExit())
    }
  }

  /** Whether worker fixtures may outlive a file here (false in vm pools). */
  get present(): boolean {
    return this.#teardown !== undefined
  }

  /**
   * Tears the worker's fixtures down now; a later call, vitest's own included, waits for
   * the same run. Rejects with the first teardown error, which the caller then reports.
   */
  tearDownNow(): Promise<void> {
    this.#callerReportsError = true
    return this.#tearDown()
  }

  /** Runs `check` after vitest has torn worker fixtures down at worker exit. */
  checkAtExit(check: () => void): void {
    this.#atExit.push(check)
  }

  #tearDown(): Promise<void> {
    this.#run ??= (async () => {
      await this.#teardown?.()
    })()
    return this.#run
  }

  async #atWorkerExit(): Promise<void> {
    try {
      await this.#tearDown()
    } catch (error) {
      // Already failed the file it belonged to; vitest would print it a second time.
      if (!this.#callerReportsError) throw error
    } finally {
      for (const check of this.#atExit.splice(0)) check()
    }
  }
}
