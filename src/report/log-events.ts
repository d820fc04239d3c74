import type { LeakEntry, TestMemory, TestState, TestStatus } from './model.js'
import type { StatusCounts } from './status-counts.js'

/**
 * The events of `memory.jsonl`, one JSON object per line. Each worker appends to its
 * own file as tests start and end (so a killed worker's last lines survive and name
 * the test it was running); the main process merges them in time order.
 */
export type LogEvent =
  | SessionStartEvent
  | SessionEndEvent
  | TestStartEvent
  | TestEndEvent
  | TestGcEvent

interface EventBase {
  /** Milliseconds since the epoch. */
  time: number
  /** The process that wrote the line. */
  pid: number
}

/** The run began (written by the main process). */
export interface SessionStartEvent extends EventBase {
  type: 'session-start'
  node: string
  vitest: string
  pool: string
}

/** The run ended (written by the main process). */
export interface SessionEndEvent extends EventBase {
  type: 'session-end'
  complete: boolean
  tests: number
  leaks: number
  /**
   * The tests by status as `report.json` has them, the gate's `regression` included
   * (absent in logs written before leakguard wrote it): `analyze` prints the same counts.
   */
  statuses?: StatusCounts
}

/** A test began, with the memory as it stood. */
export interface TestStartEvent extends EventBase {
  type: 'test-start'
  /** Vitest's task id. */
  id: string
  file: string
  name: string
  rss: number
  heapUsed: number
}

/** A test ended, with its figures and leaks. */
export interface TestEndEvent extends EventBase {
  type: 'test-end'
  id: string
  file: string
  name: string
  state: TestState
  status: TestStatus
  memory: TestMemory
  leaks: Pick<LeakEntry, 'id' | 'kind' | 'label' | 'openedAt'>[]
}

/**
 * The worker's garbage collector as a test ended: counts since the worker's first test,
 * and the heap after the last full GC. Written after `test-end`; the report derives each
 * worker's GC figures and its heap growth from test to test from these lines.
 */
export interface TestGcEvent extends EventBase {
  type: 'test-gc'
  id: string
  file: string
  name: string
  /** The worker thread (`threadId`): under `threads` several workers share one pid. */
  thread: number
  /** GCs of every kind since the worker's first test. */
  gcCount: number
  /** Full (mark-sweep-compact) GCs since the worker's first test. */
  fullGcCount: number
  /** Time spent in those GCs, in milliseconds. */
  gcPauseMs: number
  /** `used_heap_size` after the last full GC, in bytes; `null` before the first. */
  heapAfterGc: number | null
}
