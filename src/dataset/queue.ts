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

/**
 * Opens and creates whose metadata I/O runs at once, per thread. Each reads or writes its
 * store's small metadata files one at a time, so it holds at most one descriptor; without
 * a bound, 300 concurrent opens hit `EMFILE` under `ulimit -n 256` (macOS's default).
 * With it, datasets hold at most 64 + {@link MAX_CHUNK_IO} descriptors at any moment.
 */
export const MAX_METADATA_IO = 64

/** A counting semaphore: at most `max` holders at once, the rest wait in order. */
class Slots {
  #active = 0
  readonly #waiting: (() => void)[] = []

  constructor(readonly max: number) {}

  acquire(): Promise<void> {
    if (this.#active < this.max) {
      this.#active++
      return Promise.resolve()
    }
    return new Promise((resolve) => this.#waiting.push(resolve))
  }

  release(): void {
    const next = this.#waiting.shift()
    // Hand the slot straight to the next waiter, so `active` never overshoots the limit.
    if (next) next()
    else this.#active--
  }
}

const chunkSlots = new Slots(MAX_CHUNK_IO)
const metadataSlots = new Slots(MAX_METADATA_IO)

/**
 * Runs one open's or create's metadata I/O within {@link MAX_METADATA_IO}. Chunk I/O
 * started inside `work` takes a chunk slot, never a second metadata slot, so the two
 * bounds cannot wait on each other.
 */
export async function withMetadataSlot<T>(work: () => Promise<T>): Promise<T> {
  await metadataSlots.acquire()
  try {
    return await work()
  } finally {
    metadataSlots.release()
  }
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
      const task = chunkSlots.acquire().then(async () => {
        try {
          if (failure === undefined) await fn()
        } catch (error) {
          failure ??= { error }
        } finally {
          chunkSlots.release()
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
