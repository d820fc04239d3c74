import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { EventEmitter } from 'node:events'
import { syncBuiltinESMExports } from 'node:module'
import type { Worker as ThreadWorker } from 'node:worker_threads'
import { workerThreads, workerThreadsLoaded } from '../../thread.js'
import type { HandleRegistry } from '../registry.js'
import type { HandleKind } from './kind.js'
import { pathLabel } from './label.js'
import { trackingPaused } from './untracked.js'
import { syncVmRealmBuiltins } from './vm-builtins.js'

const FIX = 'stop it with `await worker.terminate()` in the test or its `afterEach`.'

/** Node publishes every new `Worker` here, synchronously, at the end of its constructor. */
const CHANNEL = 'worker_threads'

/** Workers whose `terminate()` was called: on their way out, not leaks. */
const terminating = new WeakSet<ThreadWorker>()

/** `threadId` becomes -1 once the thread has exited. */
const workerIsOpen = (worker: ThreadWorker): boolean =>
  worker.threadId !== -1 && !terminating.has(worker)

/**
 * The label of the Worker being constructed through the wrapped constructor, read by the
 * channel's subscriber inside that constructor: Node's channel carries the Worker but not
 * its arguments, and the script is the label.
 */
let constructing: (() => string) | undefined

/** What `install` set up in this realm, for the wrapper that may go in later. */
interface Installed {
  readonly root: string
  wrapped: boolean
  readonly undos: (() => void)[]
}

/** The kind's state in this realm: `undefined` until `install` runs. */
let pending: Installed | undefined

/**
 * `worker`: `worker_threads.Worker`, open until its thread exits or `terminate()` is called.
 *
 * Every Worker is learnt of through Node's `worker_threads` diagnostics channel, which the
 * constructor publishes to synchronously (Node ≥ 16.18; the caller's `new Worker` line is
 * on the stack there), so a constructor a library took before leakguard could wrap it is
 * seen too. The label (the script) comes from a wrapper of the module's `Worker`: a
 * constructor cannot be wrapped in place, so the export is replaced by a subclass
 * (instances still pass `instanceof` the original).
 *
 * Why not wrap at install: a vitest forks worker never loads `worker_threads`, and loading
 * it costs ~0.7–0.9 ms CPU per test file (issue 15). If it is not loaded yet, the wrapper
 * goes in when it is seen loaded: at {@link wrapLoadedWorkerThreads} (before each file's
 * tests run, so a test file's `import { Worker }`, a live binding, sees it) or at the first
 * Worker the channel reports. A Worker whose constructor was taken before then is labelled
 * by its thread id instead (README, "Limits").
 */
export const workerKind: HandleKind = {
  name: 'worker',
  install({ registry, root }) {
    const state: Installed = { root, wrapped: false, undos: [] }
    const onWorker = (message: unknown) => {
      const worker = (message as { worker: ThreadWorker }).worker
      const label = constructing
      constructing = undefined
      if (trackingPaused()) return
      track(registry, worker, label?.() ?? `thread ${worker.threadId}`, onWorker)
      // Only a constructor taken before the wrapper went in gets here without a label.
      if (label === undefined) wrapLoadedWorkerThreads()
    }
    subscribe(CHANNEL, onWorker)
    pending = state
    state.undos.push(() => {
      unsubscribe(CHANNEL, onWorker)
      if (pending === state) pending = undefined
    })
    if (workerThreadsLoaded()) wrap(state)
    return () => {
      for (const undo of state.undos.splice(0).reverse()) undo()
    }
  },
}

/**
 * Puts the `Worker` wrapper in if `worker_threads` has been loaded since the kind was
 * installed (by anyone): the runner calls it before each file's tests. Cheap when there is
 * nothing to do (a lookup in Node's list of loaded built-ins, once wrapped not even that).
 */
export function wrapLoadedWorkerThreads(): void {
  if (pending === undefined || pending.wrapped || !workerThreadsLoaded()) return
  wrap(pending)
}

/**
 * Node's own `Worker` class: the one whose constructor publishes to the channel, so it is
 * on the stack at every Worker the subscriber sees, whichever subclass (leakguard's wrapper,
 * a user's) or constructor taken early was called. Found from a Worker's prototype chain
 * (it extends `EventEmitter`); `undefined` if Node ever builds it otherwise.
 */
function nodeWorkerClass(worker: ThreadWorker): ((...args: never[]) => unknown) | undefined {
  let prototype: unknown = Object.getPrototypeOf(worker)
  while (prototype !== null && typeof prototype === 'object') {
    const parent: unknown = Object.getPrototypeOf(prototype)
    if (parent === EventEmitter.prototype) {
      const nodeClass = (prototype as { constructor?: unknown }).constructor
      return typeof nodeClass === 'function'
        ? (nodeClass as (...args: never[]) => unknown)
        : undefined
    }
    prototype = parent
  }
  return undefined
}

function track(
  registry: HandleRegistry,
  worker: ThreadWorker,
  label: string,
  subscriber: (...args: never[]) => unknown,
): void {
  registry.track(worker, {
    kind: 'worker',
    label,
    fix: FIX,
    isOpen: workerIsOpen,
    // The stack below Node's constructor, as every other kind's below the function the user
    // called (`KIND_STACK_LIMIT` frames): a wrapper subclass's frame, then the caller's
    // `new Worker` line. Below the subscriber as a fallback: the channel's and Node's own
    // frames first, then the same.
    openedBy: nodeWorkerClass(worker) ?? subscriber,
    // Tracked as the Worker: an unformatted stack would hold it through its constructor.
    eagerStack: true,
  })
  // Released at exit too: an exited Worker object may be collected before the verdict,
  // which the registry would otherwise report as collected while open.
  worker.once('exit', () => registry.release(worker))
  // On the instance, not a prototype: a Worker from a constructor taken before the wrapper
  // is an instance of the original class, and patching Node's prototype would replace the
  // patch of another leakguard copy in the same realm. It calls whatever `terminate` the
  // Worker had (a user's subclass override included).
  const terminate = worker.terminate
  Object.defineProperty(worker, 'terminate', {
    value: function (this: ThreadWorker) {
      terminating.add(this)
      return terminate.call(this)
    },
    configurable: true,
    writable: true,
  })
}

function wrap(state: Installed): void {
  state.wrapped = true
  const module = workerThreads()
  const Original = module.Worker
  class Worker extends Original {
    constructor(...args: ConstructorParameters<typeof Original>) {
      const [filename, options] = args
      // Worked out once Node has accepted the arguments, as its own errors come first.
      constructing = () => (options?.eval ? '[eval]' : pathLabel(filename, state.root))
      try {
        super(...args)
      } finally {
        // A constructor that threw published nothing; the next Worker must not take it.
        constructing = undefined
      }
    }
  }
  module.Worker = Worker
  // A test file's `import { Worker } from 'node:worker_threads'` sees the subclass from now
  // (in a vm realm too, whose namespace the file's import has already filled).
  syncBuiltinESMExports()
  syncVmRealmBuiltins()
  state.undos.push(() => {
    if (module.Worker === Worker) module.Worker = Original
    syncBuiltinESMExports()
    syncVmRealmBuiltins()
  })
}
