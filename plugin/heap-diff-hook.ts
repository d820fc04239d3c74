import { formatHeapDiff, HeapDiff } from '../src/memory/heap-diff/index.js'
import type { TestHeapDiff } from '../src/report/model.js'
import { loggedTestKey } from '../src/report/test-key.js'
import type { LeakguardTestMeta } from './meta.js'
import type { WorkerOptions } from './worker-options.js'

/** Rows kept in the report: enough to see what was kept, small enough for report.json. */
const TOP_ROWS = 10
/** Rows written into the test's notes (and so into the terminal and summary.md). */
const NOTE_ROWS = 5

/**
 * Starts a heap diff around a test when the options select it: a forced GC and the
 * "before" snapshot, read completely before the test starts. Call it before the test's
 * memory window opens, so the snapshot's own memory is not counted as the test's peak.
 */
export async function startTestHeapDiff(
  options: WorkerOptions,
  file: string,
  name: string,
): Promise<HeapDiff | undefined> {
  const selected = options.heapDiffTests
  if (selected === 'none') return undefined
  if (selected !== 'all' && !selected.includes(loggedTestKey({ file, name }))) return undefined
  const diff = new HeapDiff()
  await diff.ready
  // The snapshot's stream and reader release what they hold a few event-loop turns later.
  // Still held when the test's figures start, that memory is freed during the test and
  // hides what it keeps. Measured on a test keeping 2.6 MB under `memory.limitRetainedMemory`:
  // with one setImmediate turn 1 run in 6 read 1.7 MB (once under a 1 MB limit); after
  // 20 ms, 8 of 8 read 2.4–2.9 MB. 20 ms is small beside the snapshot's ~300 ms.
  await new Promise<void>((resolve) => setTimeout(resolve, 20))
  return diff
}

/**
 * Ends the diff after the test's verdict (its memory figures are taken by then) and
 * returns the test's meta with the top constructors added: `heapDiff`, and
 * `heap diff: +10,000 Float64Array …` lines after its `notes`. A new value: the verdict's
 * meta (and the notes array it shares with the verdict) is left as the verdict made it.
 */
export async function finishTestHeapDiff(
  diff: HeapDiff,
  meta: LeakguardTestMeta,
  source: TestHeapDiff['source'],
): Promise<LeakguardTestMeta> {
  const result = await diff.end()
  return {
    ...meta,
    heapDiff: {
      source,
      added: result.added.slice(0, TOP_ROWS).map((row) => ({ ...row })),
      beforeBytes: result.before.bytes,
      afterBytes: result.after.bytes,
      durationMs: Math.round(result.durationMs),
    },
    notes: [
      ...meta.notes,
      ...formatHeapDiff(result, NOTE_ROWS).map((line) => `heap diff: ${line}`),
    ],
  }
}
