import { heapDiffLines, heapDiffSource } from './heap-diff-lines.js'
import type { LeakEntry, Report, TestMemory, TestReport, TestState, TestStatus } from './model.js'

/**
 * The data `report.html` embeds for its script: one compact array per test, so that a
 * 10,000-test report stays a few MB (objects with named keys would repeat every key
 * 10,000 times). The page's script reads it with `JSON.parse`, never as markup.
 */

/** Statuses in the order the page ranks them: what to act on first leads. */
export const PAGE_STATUSES: readonly TestStatus[] = [
  'regression',
  'leak',
  'crashed',
  'over-limit',
  'oom-risk',
  'ok',
]

/** The sign shown before each status's word, so a status is never told by colour alone. */
export const STATUS_SIGNS: Readonly<Record<TestStatus, string>> = {
  ok: '✓',
  leak: '✗',
  crashed: '✗',
  regression: '▲',
  'over-limit': '▲',
  'oom-risk': '!',
}

/** The sign of each of {@link PAGE_STATUSES}, for the page's script, which imports nothing. */
const PAGE_SIGNS: readonly string[] = PAGE_STATUSES.map((status) => STATUS_SIGNS[status])

/** Test states, indexed by a row's `state` cell. */
export const PAGE_STATES: readonly TestState[] = ['pass', 'fail', 'skip', 'todo', 'crashed']

/** How the peak was measured, indexed by a memory array's `method` cell. */
const PEAK_METHODS: readonly TestMemory['peakMethod'][] = ['kernel-hwm', 'sampled', 'none']

/**
 * A test's memory figures, in bytes: `[heapUsedBefore, heapUsedAfter, retainedHeap,
 * rssBefore, rssAfter, peakRss, peakRssDelta, peakMethod index, fdDelta (or null),
 * gcForced 0|1, shared process 0|1, retained mark]`. The retained mark says what kind of
 * figure `retainedHeap` is: 0 a measurement (or ungated), 1 a `bound` (at most), 2
 * `at-least`, so the page labels a `gc: 'auto'` bound as one.
 */
export type PageMemory = [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number | null,
  0 | 1,
  0 | 1,
  0 | 1 | 2,
]

/** One gate comparison: `[metric 0 = peakRssDelta | 1 = retainedHeap, current, baseline, limit, regressed 0|1]`. */
export type PageComparison = [0 | 1, number, number, number, 0 | 1]

/** The details shown when a row is expanded; absent when the test has none. */
export interface PageDetail {
  leaks?: PageLeak[]
  notes?: string[]
  /** The heap diff's heading and its top rows, formatted as the other reports do. */
  heap?: { source: string; lines: string[] }
}

/** One leaked handle, as the expanded row shows it. */
export interface PageLeak {
  id: string
  kind: string
  label: string
  openedAt: string
  source?: string
  stack: string
  state: LeakEntry['state']
  held?: number
  allowed?: string
  fix?: string
}

/**
 * One test: `[file index, name, status index, state index, project, durationMs, pid,
 * memory, gate, detail]`; gate is `[0 = compared | 1 = new, comparisons]`.
 */
export type PageRow = [
  number,
  string,
  number,
  number,
  string | null,
  number | null,
  number | null,
  PageMemory | null,
  [0 | 1, PageComparison[]] | null,
  PageDetail | null,
]

/** Everything the page's script reads. */
export interface PageData {
  files: string[]
  statuses: readonly TestStatus[]
  /** The sign of each of `statuses`, by the same index. */
  signs: readonly string[]
  states: readonly TestState[]
  methods: readonly TestMemory['peakMethod'][]
  /** Whether the gate's columns are shown (some test has a gate outcome). */
  gate: boolean
  rows: PageRow[]
  /** Each drawn timeline's tests, as indices into `rows`, in the order of the charts. */
  workers: number[][]
}

function pageMemory(memory: TestMemory): PageMemory {
  return [
    memory.heapUsedBefore,
    memory.heapUsedAfter,
    memory.retainedHeap,
    memory.rssBefore,
    memory.rssAfter,
    memory.peakRss,
    memory.peakRssDelta,
    Math.max(0, PEAK_METHODS.indexOf(memory.peakMethod)),
    memory.fdDelta,
    memory.gcForced ? 1 : 0,
    memory.rssScope === 'shared-process' ? 1 : 0,
    memory.retainedMethod === 'bound' ? 1 : memory.retainedMethod === 'at-least' ? 2 : 0,
  ]
}

function pageLeak(leak: LeakEntry): PageLeak {
  return {
    id: leak.id,
    kind: leak.kind,
    label: leak.label,
    openedAt: leak.openedAt,
    stack: leak.stack,
    state: leak.state,
    ...(leak.sourceLine === undefined ? {} : { source: leak.sourceLine.trim() }),
    ...(leak.heldBytes === undefined ? {} : { held: leak.heldBytes }),
    ...(leak.allowedReason === undefined ? {} : { allowed: leak.allowedReason }),
    ...(leak.fix === undefined ? {} : { fix: leak.fix }),
  }
}

function pageDetail(test: TestReport): PageDetail | null {
  const detail: PageDetail = {}
  if (test.leaks.length > 0) detail.leaks = test.leaks.map(pageLeak)
  if (test.notes !== undefined && test.notes.length > 0) detail.notes = test.notes
  if (test.heapDiff !== undefined) {
    detail.heap = { source: heapDiffSource(test.heapDiff), lines: heapDiffLines(test.heapDiff) }
  }
  return Object.keys(detail).length === 0 ? null : detail
}

function pageGate(test: TestReport): PageRow[8] {
  if (test.gate === undefined) return null
  const comparisons = test.gate.comparisons.map(
    (c): PageComparison => [
      c.metric === 'peakRssDelta' ? 0 : 1,
      c.current,
      c.baseline,
      c.limit,
      c.regressed ? 1 : 0,
    ],
  )
  return [test.gate.baseline === 'new' ? 1 : 0, comparisons]
}

/**
 * The page's data for `report`, in the report's order (the run order), with the tests of
 * each timeline drawn (`workers`). Pure.
 */
export function pageData(report: Report, workers: number[][]): PageData {
  const fileIndex = new Map<string, number>()
  const files: string[] = []
  const rows = report.tests.map((test): PageRow => {
    let file = fileIndex.get(test.file)
    if (file === undefined) {
      file = files.push(test.file) - 1
      fileIndex.set(test.file, file)
    }
    return [
      file,
      test.name,
      Math.max(0, PAGE_STATUSES.indexOf(test.status)),
      Math.max(0, PAGE_STATES.indexOf(test.state)),
      test.project ?? null,
      test.durationMs,
      test.pid ?? null,
      test.memory === null ? null : pageMemory(test.memory),
      pageGate(test),
      pageDetail(test),
    ]
  })
  return {
    files,
    statuses: PAGE_STATUSES,
    signs: PAGE_SIGNS,
    states: PAGE_STATES,
    methods: PEAK_METHODS,
    gate: report.tests.some((test) => test.gate !== undefined),
    rows,
    workers,
  }
}

/**
 * JSON for a `<script type="application/json">` element. `<`, `>` and `&` become `\u003c`
 * etc., so a test named `</script><script>…` cannot close the element and run; U+2028/9
 * are escaped so the text is also a valid JavaScript literal. `JSON.parse` reads it back
 * unchanged.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}
