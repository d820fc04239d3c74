/**
 * The versioned report model: what `report.json` holds and what workers send to the
 * main process. Plain JSON data only. A JSON Schema for it ships in `schema/`.
 */

/** Bumped on any incompatible change to `Report`. */
export const REPORT_SCHEMA_VERSION = 1

/**
 * The word a human acts on, one per test:
 * - `ok`: nothing to do;
 * - `leak`: a handle it opened was still open after all its teardown;
 * - `over-limit`: its peak (or retained heap) passed a `memoryLimit`;
 * - `regression`: the gate found it used more than its baseline;
 * - `oom-risk`: its peak came near the memory really available to the process;
 * - `crashed`: its worker died while it ran.
 */
export type TestStatus = 'ok' | 'leak' | 'over-limit' | 'regression' | 'oom-risk' | 'crashed'

/**
 * How `peakRss` was obtained:
 * - `kernel-hwm`: `/proc/self/clear_refs` reset at test start, `VmHWM` read at the end
 *   (exact: catches a spike inside one synchronous call);
 * - `sampled`: RSS read at the test's start and end only (misses any spike in between);
 * - `none`: not measured.
 */
export type PeakMethod = 'kernel-hwm' | 'sampled' | 'none'

/**
 * Whose memory the RSS figures are:
 * - `process`: the test file's own process (`forks`, `vmForks`);
 * - `shared-process`: a process shared with other test files running at the same
 *   time (`threads`, `vmThreads`), so per-test RSS is not the test's own.
 */
export type RssScope = 'process' | 'shared-process'

/**
 * How `retainedHeap` was measured:
 * - `exact`: after a forced full GC at the test's end and at its start (or the previous
 *   test's end, with nothing run in between);
 * - `bound`: no GC forced; the bytes the JS heap allocated during the test, which the
 *   exact figure cannot exceed (`gc: 'auto'` records this when it is below the gate's floor);
 * - `at-least`: a forced GC at the end only; the start figure included garbage, so the
 *   exact figure is at least this and at most `retainedHeapMax`;
 * - `none`: no forced GC and no bound: includes garbage, not gated.
 */
export type RetainedMethod = 'exact' | 'bound' | 'at-least' | 'none'

/** Per-test memory figures, all in bytes. */
export interface TestMemory {
  heapUsedBefore: number
  heapUsedAfter: number
  /** `heapUsedAfter - heapUsedBefore`, after a forced GC on both sides when `gcForced`. */
  retainedHeap: number
  rssBefore: number
  rssAfter: number
  peakRss: number
  /** `peakRss - rssBefore`. */
  peakRssDelta: number
  peakMethod: PeakMethod
  externalAfter: number
  arrayBuffersAfter: number
  /** Open file descriptors after minus before; `null` where `/proc/self/fd` is unreadable. */
  fdDelta: number | null
  gcForced: boolean
  rssScope: RssScope
  /** How `retainedHeap` was measured; absent in reports from before it was recorded. */
  retainedMethod?: RetainedMethod
  /** With `retainedMethod: 'at-least'`: the most the exact figure can be. */
  retainedHeapMax?: number
}

/** One handle that was still open (or collected while open) when its owner ended. */
export interface LeakEntry {
  id: string
  kind: string
  label: string
  /** `file:line:col`, the file relative to the project root. */
  openedAt: string
  /** The source text of that line, when it could be read. */
  sourceLine?: string
  stack: string
  state: 'open' | 'collected-while-open'
  /** Memory the handle still held when reported (a dataset's chunk cache), in bytes. */
  heldBytes?: number
  /** Set when an allow-list entry matched: reported, never failed. */
  allowedReason?: string
  /** How to close a handle of this kind, when it differs from a dataset's `close()`. */
  fix?: string
}

/** Vitest's final state of a test, plus `crashed` for a worker that died mid-test. */
export type TestState = 'pass' | 'fail' | 'skip' | 'todo' | 'crashed'

/** One test in `report.json`. */
export interface TestReport {
  /** Test file, relative to the project root. */
  file: string
  /** `suite > test`. */
  name: string
  /** Vitest project name, when there are several. */
  project?: string
  state: TestState
  status: TestStatus
  leaks: LeakEntry[]
  /** `null` when the test produced no figures (skipped, or crashed before its end). */
  memory: TestMemory | null
  durationMs: number | null
  /**
   * The worker process that ran it: the HTML report draws one RSS timeline per process,
   * in the order of `tests`. Optional: absent, tests are grouped by file.
   */
  pid?: number
  /** Extra human-readable findings (limit exceeded, oom risk, heap diff …). */
  notes?: string[]
  /** What the test kept: a heap diff around it, when one was taken (option `heapDiff`). */
  heapDiff?: TestHeapDiff
  /** The gate's outcome for this test, present when the gate ran with a baseline. */
  gate?: TestGateOutcome
}

/** One memory figure the gate compared with the baseline, in bytes. */
export interface GateComparison {
  metric: 'peakRssDelta' | 'retainedHeap'
  current: number
  baseline: number
  /** The most allowed: `max(baseline × (1 + relative), baseline + floorBytes)`. */
  limit: number
  /** `current - baseline`. */
  delta: number
  /** `current > limit`: this figure made the test a `regression`. */
  regressed: boolean
  /**
   * Retained heap measured by `gc: 'auto'` without a forced GC at both ends: `at-least`,
   * `current` is a lower bound already over the limit; `undecided`, it may or may not be
   * (`currentMax` is its upper bound). Absent when the figure is exact.
   */
  bound?: 'at-least' | 'undecided'
  /** With `bound: 'undecided'`: the upper bound of the figure. */
  currentMax?: number
}

/** The gate's outcome for one test. */
export interface TestGateOutcome {
  /** `compared`: the baseline has this test; `new`: it has none yet. */
  baseline: 'compared' | 'new'
  /** The figures compared (empty when `new`, or when neither side measured alike). */
  comparisons: GateComparison[]
}

/** A test recorded in the baseline that did not run. */
export interface RemovedTest {
  file: string
  name: string
  project?: string
}

/** The gate's outcome for the run, present in `report.json` when the gate ran. */
export interface ReportGate {
  /** False when any test or scope failed the gate. */
  ok: boolean
  /** The baseline file, relative to the project root; absent when there was none. */
  baseline?: string
  /** Allowed growth: `relative` fraction, with a `floorBytes` floor. */
  tolerance: { relative: number; floorBytes: number }
  /** Tests compared with a baseline entry. */
  checked: number
  /** Errors the gate found (leaks, limits, crashes, regressions). */
  failures: number
  removed: RemovedTest[]
  /** Set when the baseline came from another platform, Node or vitest. */
  environmentWarning?: string
}

/** One constructor's row in a {@link TestHeapDiff}. */
export interface HeapDiffRow {
  /** Constructor name (`Float64Array`, `Dataset`), or `(string)` etc. for primitives. */
  constructor: string
  /** Objects of it allocated during the test and still alive after its teardown. */
  count: number
  /** Their retained size in bytes (what they alone keep alive, buffers included). */
  bytes: number
  /** Their own sizes in bytes, without what they point to. */
  selfBytes: number
}

/**
 * A heap diff around one test: heap snapshots (after a forced GC) before the test and
 * after all its teardown, and the objects allocated in between that are still alive,
 * grouped by constructor.
 */
export interface TestHeapDiff {
  /**
   * `'run'`: taken in this run (`heapDiff: 'always'`). `'rerun'`: the test failed a
   * retained-memory check, and its file was run once more with a diff around it.
   */
  source: 'run' | 'rerun'
  /** The top rows (at most 10), largest retained bytes first. */
  added: HeapDiffRow[]
  /** Total self size of the "before" and "after" snapshots, in bytes. */
  beforeBytes: number
  afterBytes: number
  /** Time the two snapshots and the diff took, in ms. */
  durationMs: number
}

/** Leaks owned by a suite (`beforeAll`) or a file (module scope, file fixtures). */
export interface ScopeReport {
  file: string
  /** `suite > inner suite`, or the file itself for module scope. */
  name: string
  scope: 'suite' | 'file'
  leaks: LeakEntry[]
}

/** Where and how the run happened: the gate warns when a baseline's differs. */
export interface RunEnvironment {
  platform: string
  arch: string
  node: string
  vitest: string
  pool: string
}

/** A streak of tests after each of which the worker's heap after GC was higher. */
export interface HeapGrowth {
  /** Rises in a row (a warning from 5: memwatch's `leak` heuristic). */
  tests: number
  /** Growth over the streak, in bytes. */
  bytes: number
  /** The test the streak rose from, and the last test of it. */
  from: { file: string; name: string }
  to: { file: string; name: string }
}

/** One worker's garbage collector over the run (from its `test-gc` log lines). */
export interface WorkerReport {
  pid: number
  /** `threadId`: under `threads` several workers share one pid. */
  thread: number
  /** Tests it ran. */
  tests: number
  /** GCs of every kind, and full GCs, during its tests. */
  gcCount: number
  fullGcCount: number
  /** Time spent in GC, in milliseconds. */
  gcPauseMs: number
  /** Heap used after its last full GC, in bytes; `null` when it ran none. */
  heapAfterGc: number | null
  /** Set when its heap after GC kept growing from test to test. */
  growth?: HeapGrowth
}

/** The whole of `report.json`. */
export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION
  createdAt: string
  /** False when the run was interrupted or a worker crashed: the data is partial. */
  complete: boolean
  environment: RunEnvironment
  tests: TestReport[]
  scopes: ScopeReport[]
  /** What the gate decided, when it ran in this run (`gate: true`) or over this report. */
  gate?: ReportGate
  /** Each worker's GC figures, in the order they first ended a test. */
  workers?: WorkerReport[]
}
