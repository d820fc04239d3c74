/** The queue shape zarrita's `createQueue` option expects. */
export interface ChunkQueue {
  add(fn: () => Promise<void>): void
  onIdle(): Promise<undefined[]>
}

/**
 * Chunk reads and writes in flight at once, per thread, over all datasets. Each one holds
 * a file descriptor while it runs; zarrita's default queue starts every chunk at once and
 * hit `EMFILE` at 3,600 chunks under `ulimit -n 1024`. 16 keeps two cores busy.
 */
export const MAX_CHUNK_IO = 16

let active = 0
const waiting: (() => void)[] = []

function acquire(): Promise<void> {
  if (active < MAX_CHUNK_IO) {
    active++
    return Promise.resolve()
  }
  return new Promise((resolve) => waiting.push(resolve))
}

function releaseSlot(): void {
  const next = waiting.shift()
  // Hand the slot straight to the next waiter, so `active` never overshoots the limit.
  if (next) next()
  else active--
}

/**
 * A queue for one `zarr.get`/`zarr.set` call whose tasks share the thread-wide limit of
 * {@link MAX_CHUNK_IO}. Sharing matters: several concurrent reads on one dataset must not
 * multiply the open files. `onIdle` settles after every task has, and rejects with the
 * first failure; tasks not yet started after a failure are skipped.
 */
export function boundedQueue(): ChunkQueue {
  const running: Promise<void>[] = []
  let failure: { error: unknown } | undefined
  return {
    add(fn) {
      const task = acquire().then(async () => {
        try {
          if (failure === undefined) await fn()
        } catch (error) {
          failure ??= { error }
        } finally {
          releaseSlot()
        }
      })
      running.push(task)
    },
    async onIdle() {
      await Promise.all(running)
      if (failure !== undefined) throw failure.error
      return []
    },
  }
}
