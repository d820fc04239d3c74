import workerThreads from 'node:worker_threads'
import type { HandleKind } from './kind.js'
import { pathLabel } from './label.js'
import { trackingPaused } from './untracked.js'

const FIX = 'stop it with `await worker.terminate()` in the test or its `afterEach`.'

/** Workers whose `terminate()` was called: on their way out, not leaks. */
const terminating = new WeakSet<workerThreads.Worker>()

/** `threadId` becomes -1 once the thread has exited. */
const workerIsOpen = (worker: workerThreads.Worker): boolean =>
  worker.threadId !== -1 && !terminating.has(worker)

/**
 * `worker`: `worker_threads.Worker`, open until its thread exits or `terminate()` is called.
 * A constructor cannot be wrapped in place, so the module's `Worker` export is replaced by a
 * subclass (instances still pass `instanceof` the original); the caller's line is on the
 * constructor's stack, and the label needs the constructor's arguments, which Node's
 * `worker_threads` channel does not carry.
 */
export const workerKind: HandleKind = {
  name: 'worker',
  install({ registry, root }) {
    const Original = workerThreads.Worker
    class Worker extends Original {
      constructor(...args: ConstructorParameters<typeof Original>) {
        super(...args)
        if (trackingPaused()) return
        const [filename, options] = args
        registry.track(this, {
          kind: 'worker',
          label: options?.eval ? '[eval]' : pathLabel(filename, root),
          fix: FIX,
          isOpen: workerIsOpen,
          // Tracked as `this`: an unformatted stack would hold the Worker through this frame.
          eagerStack: true,
        })
        // Released at exit too: an exited Worker object may be collected before the verdict,
        // which the registry would otherwise report as collected while open.
        this.once('exit', () => registry.release(this))
      }

      override terminate(): Promise<number> {
        terminating.add(this)
        return super.terminate()
      }
    }
    workerThreads.Worker = Worker
    return () => {
      if (workerThreads.Worker === Worker) workerThreads.Worker = Original
    }
  },
}
