import { constants, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks'
import { getHeapStatistics } from 'node:v8'
import {
  DEFAULT_GROWTH_THRESHOLD,
  type GrowthStreak,
  NO_STREAK,
  nextStreak,
} from './heap-growth.js'

/** What {@link GcStats} reports after each full (mark-sweep-compact) GC. */
export interface GcStatsEvent {
  /**
   * `used_heap_size` from `v8.getHeapStatistics()`, in bytes, read when the observer
   * delivers the GC entry: on a later turn of the event loop than the GC itself, so it
   * includes what was allocated in between. Node delivers `gc` entries from an unref'd
   * immediate, so an idle loop delivers them late (when a timer or I/O next wakes it);
   * a busy loop delivers them within a turn. Either way little is allocated in between:
   * an idle program does not allocate, a busy one is read soon after the GC.
   */
  readonly usedHeapAfterGc: number
  /** `heap_size_limit`, in bytes. */
  readonly heapSizeLimit: number
  /** Full GCs seen since {@link GcStats.start}, this one included. */
  readonly fullGcCount: number
  /** All GCs seen since start (scavenges, incremental marking steps, full GCs…). */
  readonly totalGcCount: number
  /** Whether this GC was forced (`gc()`), rather than started by V8. */
  readonly forced: boolean
  /** Duration of this GC in milliseconds, as the `gc` performance entry says. */
  readonly gcDurationMs: number
  /** How many full GCs in a row each ended with more heap used than the one before. */
  readonly consecutiveGrowth: number
  /** Heap growth over that streak, in bytes (0 when there is no streak). */
  readonly growthBytes: number
  /**
   * True when the post-GC heap grew across {@link GcStatsOptions.growthGcs} consecutive
   * full GCs, each by more than {@link GcStatsOptions.minGrowthBytes}: memwatch's `leak`
   * heuristic. A heap that only grows is not proof of a leak (a cache warming up looks
   * the same), but a sawtooth that returns to its floor never trips it.
   */
  readonly growing: boolean
}

/** Options of {@link GcStats}. */
export interface GcStatsOptions {
  /**
   * How many consecutive growing full GCs make the heap `growing`.
   * @default 5
   */
  readonly growthGcs?: number
  /**
   * Growth from one full GC to the next that counts, in bytes; less is noise and ends a
   * streak, as does any shrink.
   * @default 1048576 (1 MB)
   */
  readonly minGrowthBytes?: number
}

/** Listener of {@link GcStats.onStats}. */
export type GcStatsListener = (event: GcStatsEvent) => void

const DEFAULT_GROWTH_GCS = DEFAULT_GROWTH_THRESHOLD.consecutive
const DEFAULT_MIN_GROWTH_BYTES = DEFAULT_GROWTH_THRESHOLD.minGrowthBytes

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(
      `Expected \`${name}\` to be a positive integer, got \`${String(value)}\` (${typeof value})`,
    )
  }
  return value
}

function nonNegative(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(
      `Expected \`${name}\` to be a size in bytes ≥ 0, got \`${String(value)}\` (${typeof value})`,
    )
  }
  return value
}

/** The `detail` of a `gc` performance entry (Node ≥ 16). */
interface GcDetail {
  readonly kind?: number
  readonly flags?: number
}

function gcDetail(entry: PerformanceEntry): GcDetail {
  // Node sets `detail` on `gc` entries; @types/node 20 declares it on marks only.
  const detail: unknown = 'detail' in entry ? entry.detail : undefined
  return typeof detail === 'object' && detail !== null ? (detail as GcDetail) : {}
}

/**
 * Reports the heap after every full GC of this thread's isolate, and flags a heap that
 * keeps growing: the `stats` and `leak` events of memwatch, on Node's built-ins
 * (`PerformanceObserver` with `gc` entries, plus `v8.getHeapStatistics()`). Works in
 * the main thread, worker threads (each sees its own isolate) and child processes.
 *
 * ```ts
 * const stats = new GcStats({ growthGcs: 5 }).start()
 * const off = stats.onStats((e) => { if (e.growing) console.warn('heap keeps growing') })
 * // …
 * off()
 * stats.stop()
 * ```
 *
 * It never keeps the process alive: a performance observer holds no event-loop handle.
 * Cost: one `getHeapStatistics()` call (about 2 µs) per full GC.
 */
export class GcStats {
  readonly #growthGcs: number
  readonly #minGrowthBytes: number
  readonly #listeners = new Set<GcStatsListener>()
  #observer: PerformanceObserver | undefined
  #fullGcCount = 0
  #totalGcCount = 0
  #totalPauseMs = 0
  #lastUsed: number | undefined
  #streak: GrowthStreak = NO_STREAK

  /** @throws {RangeError} when an option is out of range */
  constructor(options: GcStatsOptions = {}) {
    this.#growthGcs = positiveInteger(options.growthGcs ?? DEFAULT_GROWTH_GCS, 'growthGcs')
    this.#minGrowthBytes = nonNegative(
      options.minGrowthBytes ?? DEFAULT_MIN_GROWTH_BYTES,
      'minGrowthBytes',
    )
  }

  /** Full GCs seen since start. */
  get fullGcCount(): number {
    return this.#fullGcCount
  }

  /** All GCs seen since start. */
  get totalGcCount(): number {
    return this.#totalGcCount
  }

  /** Time spent in all GCs seen since start, in milliseconds. */
  get totalGcPauseMs(): number {
    return this.#totalPauseMs
  }

  /** `used_heap_size` after the last full GC seen, in bytes; `undefined` before the first. */
  get usedHeapAfterLastGc(): number | undefined {
    return this.#lastUsed
  }

  /** Whether it is observing. */
  get running(): boolean {
    return this.#observer !== undefined
  }

  /** Starts observing GCs; counts and the growth streak start from zero. Idempotent. */
  start(): this {
    if (this.#observer) return this
    this.#fullGcCount = 0
    this.#totalGcCount = 0
    this.#totalPauseMs = 0
    this.#lastUsed = undefined
    this.#streak = NO_STREAK
    this.#observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) this.#onGc(entry)
    })
    this.#observer.observe({ entryTypes: ['gc'] })
    return this
  }

  /**
   * Takes in, now, the GC entries the observer holds but has not delivered yet, so the
   * counts are current when read at a test's end rather than a turn of the loop later.
   */
  flush(): this {
    for (const entry of this.#observer?.takeRecords() ?? []) this.#onGc(entry)
    return this
  }

  /** Stops observing. GCs that happened but were not delivered yet are dropped. */
  stop(): void {
    this.#observer?.disconnect()
    this.#observer = undefined
  }

  /** Calls `listener` after each full GC; returns the function that unsubscribes it. */
  onStats(listener: GcStatsListener): () => void {
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }

  #onGc(entry: PerformanceEntry): void {
    this.#totalGcCount++
    this.#totalPauseMs += entry.duration
    const detail = gcDetail(entry)
    if (((detail.kind ?? 0) & constants.NODE_PERFORMANCE_GC_MAJOR) === 0) return
    this.#fullGcCount++
    const heap = getHeapStatistics()
    const used = heap.used_heap_size
    this.#streak = nextStreak(this.#streak, this.#lastUsed, used, {
      consecutive: this.#growthGcs,
      minGrowthBytes: this.#minGrowthBytes,
    })
    this.#lastUsed = used
    const event: GcStatsEvent = {
      usedHeapAfterGc: used,
      heapSizeLimit: heap.heap_size_limit,
      fullGcCount: this.#fullGcCount,
      totalGcCount: this.#totalGcCount,
      forced: ((detail.flags ?? 0) & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0,
      gcDurationMs: entry.duration,
      consecutiveGrowth: this.#streak.rises,
      growthBytes: this.#streak.rises === 0 ? 0 : used - this.#streak.from,
      growing: this.#streak.rises >= this.#growthGcs,
    }
    // Listeners run outside the observer callback's loop state, one after another; an
    // exception in one propagates as an uncaught exception, as with an EventEmitter.
    for (const listener of this.#listeners) listener(event)
  }
}
