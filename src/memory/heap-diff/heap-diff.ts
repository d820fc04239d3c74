import { performance } from 'node:perf_hooks'
import { getForcedGc } from '../force-gc.js'
import { computeDominators } from '../heap-snapshot/dominators.js'
import type { HeapSnapshotSummary } from '../heap-snapshot/graph.js'
import { readHeapSnapshotGraph, readHeapSnapshotSummary } from '../heap-snapshot/reader.js'
import { groupAdded, type HeapDiffEntry } from './added.js'
import { type SnapshotVia, type TakenSnapshot, takeSnapshot } from './take-snapshot.js'

/** Size of one side of a diff: how many nodes its snapshot held and their total self size. */
export interface HeapSideSummary {
  readonly nodes: number
  /** Sum of the self sizes of all nodes, in bytes (JS heap objects plus native nodes). */
  readonly bytes: number
}

/** Options of {@link HeapDiff}. */
export interface HeapDiffOptions {
  /**
   * Also give rows to V8 and Node internals (`(array)`, `(system)`, `(code)`,
   * `system / Context`, native nodes such as `system / JSArrayBufferData`). Their bytes
   * count in the retained size of the JS objects holding them either way.
   * @default false
   */
  readonly internals?: boolean
  /**
   * How snapshot text reaches the parser, see {@link SnapshotVia}. Measured on a 50 MB
   * heap, both peak at about the same RSS (V8's own copy of the snapshot dominates) and
   * `'file'` is slower, so the default avoids the disk.
   * @default 'memory'
   */
  readonly via?: SnapshotVia
}

/** Reads a snapshot with `read`, then frees what it used, whether reading worked or not. */
async function readTaken<T>(
  taken: TakenSnapshot,
  read: (source: TakenSnapshot['source']) => Promise<T>,
): Promise<T> {
  try {
    return await read(taken.source)
  } finally {
    await taken.dispose()
  }
}

/** What a {@link HeapDiff} found. */
export interface HeapDiffResult {
  /**
   * Objects allocated between the two snapshots and still alive after a forced GC,
   * grouped by constructor, sorted by retained bytes (largest first). See
   * {@link HeapDiffEntry} for what `bytes` means.
   */
  readonly added: HeapDiffEntry[]
  readonly before: HeapSideSummary
  readonly after: HeapSideSummary
  /**
   * Time leakguard spent on the caller's path: the first snapshot in the constructor,
   * plus `end()` (waiting for the first snapshot to be read if it is not yet, the second
   * snapshot, reading it, dominators, grouping). Not the code run between them.
   */
  readonly durationMs: number
}

/**
 * Holds a diff's own data. Its constructor name marks it in the "after" snapshot, so the
 * diff leaves out this object and everything only it keeps alive (the "before" ids,
 * the pending result), which would otherwise show up as new.
 */
class LeakguardHeapDiffState {
  before: Promise<void> | undefined
  summary: HeapSnapshotSummary | undefined
  result: Promise<HeapDiffResult> | undefined
  startMs = 0
}

/**
 * Finds what was allocated between two points of a program and is still alive, grouped
 * by constructor: the job of memwatch's `HeapDiff`, on Node's built-ins, in the main
 * thread, worker threads and child processes alike (no native addon).
 *
 * ```ts
 * const diff = new HeapDiff()
 * await runSuspectCode()
 * const result = await diff.end()
 * console.log(formatHeapDiff(result).join('\n')) // +2,000 Dataset 1.2 MB
 * ```
 *
 * How: the constructor forces a full GC and takes a heap snapshot (`v8.getHeapSnapshot()`),
 * read in the background into a sorted list of node ids. `end()` forces a GC, takes a
 * second snapshot, computes its dominator tree and groups the nodes whose ids were not in
 * the first one. V8 gives an object the same id in every snapshot of one isolate, so a
 * new id is an object allocated in between.
 *
 * Costs, measured by bench/heapdiff/run.mjs on a heap of small objects (2 busy cores):
 * - Time: two snapshots, each a pause of the thread while V8 walks and serializes the
 *   heap (about 5 s for 1.45 M objects, 50 MB); reading, dominators and grouping add
 *   about a quarter more. A whole diff took 17–22 s at 50 MB and 2–4 min at 500 MB.
 * - Memory: peak RSS rises by about 10× the JS heap (+0.57 GB at 50 MB, +5.2 GB at
 *   500 MB). V8's own snapshot is most of it (+0.50 GB at 50 MB with nothing else
 *   done); this code adds 4 bytes per object for the "before" ids, about 36 per object
 *   for the "after" graph and about 90, transient, for dominators and grouping.
 * - After the first snapshot V8 keeps tracking object moves in this isolate (a map of
 *   address to id), which makes later GCs slightly slower for the life of the process.
 *
 * So a diff is a diagnosis tool, for one test that failed, not for every test.
 *
 * Limits: objects that V8 creates for the code run in between (compiled code, feedback
 * vectors, closures, strings) are real allocations and are reported too; look at the
 * constructors you know. The diff cannot tell an intended cache from a leak.
 */
export class HeapDiff {
  readonly #state: LeakguardHeapDiffState
  readonly #internals: boolean
  readonly #via: SnapshotVia

  /** Forces a full GC and takes the "before" snapshot, synchronously. */
  constructor(options: HeapDiffOptions = {}) {
    this.#internals = options.internals ?? false
    this.#via = options.via ?? 'memory'
    // Created before the snapshot, so the state object itself is not new in "after".
    const state = new LeakguardHeapDiffState()
    const started = performance.now()
    getForcedGc()()
    // The summary goes straight into the state object, never into a caller's frame: the
    // "after" snapshot must find it dominated by the state, which the diff leaves out.
    const before = readTaken(takeSnapshot(this.#via), readHeapSnapshotSummary).then((summary) => {
      state.summary = summary
    })
    // A failure here is not lost: end() and ready await `before` and reject with it.
    // This handler only stops Node from reporting it as unhandled in the meantime.
    before.catch(() => undefined)
    state.before = before
    state.startMs = performance.now() - started
    this.#state = state
  }

  /**
   * Resolves when the "before" snapshot has been read. Await it before the code under
   * study, so that reading does not interleave with it (optional: `end()` waits anyway).
   */
  get ready(): Promise<void> {
    return this.#state.before ?? Promise.resolve()
  }

  /**
   * Forces a full GC, takes the "after" snapshot and returns what was added. Calling it
   * again returns the same result.
   *
   * @throws {HeapSnapshotError} when a snapshot cannot be read
   */
  end(): Promise<HeapDiffResult> {
    this.#state.result ??= this.#finish()
    return this.#state.result
  }

  async #finish(): Promise<HeapDiffResult> {
    const state = this.#state
    const started = performance.now()
    await state.before
    // The first snapshot's stream closes its native handle on a later turn of the event
    // loop; let it, or its objects would be counted as new.
    await new Promise<void>((resolve) => setImmediate(resolve))
    getForcedGc()()
    const graph = await readTaken(takeSnapshot(this.#via), readHeapSnapshotGraph)
    const before = state.summary!
    const added = groupAdded(before, graph, computeDominators(graph), {
      excludeConstructor: LeakguardHeapDiffState.name,
      internals: this.#internals,
    })
    // The ids are no longer needed; the result may be kept for long.
    state.before = undefined
    state.summary = undefined
    return {
      added,
      before: { nodes: before.nodeCount, bytes: before.totalSelfSize },
      after: { nodes: graph.nodeCount, bytes: graph.totalSelfSize },
      durationMs: state.startMs + (performance.now() - started),
    }
  }
}

/**
 * Runs `fn` between the two snapshots of a {@link HeapDiff} and returns its value with
 * the diff. The "before" snapshot is read completely before `fn` starts. When `fn`
 * throws, no "after" snapshot is taken and the error propagates unchanged.
 */
export async function heapDiffAround<T>(
  fn: () => T | Promise<T>,
  options: HeapDiffOptions = {},
): Promise<{ value: T; diff: HeapDiffResult }> {
  const diff = new HeapDiff(options)
  await diff.ready
  const value = await fn()
  return { value, diff: await diff.end() }
}
