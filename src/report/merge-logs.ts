import { existsSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { writeFileAtomic } from './atomic-file.js'
import { isReportInputError } from './errors.js'
import type { LogEvent, TestStartEvent } from './log-events.js'
import { type LogReadOptions, readLogs } from './log-reader.js'

/** What merging the workers' logs found. */
export interface MergedLogs {
  /** Every event of every worker, in time order. */
  events: LogEvent[]
  /**
   * The same events for `memory.jsonl`: each as its line's text where that was read
   * well-formed (written back unchanged), else the event itself.
   */
  lines: Array<LogEvent | string>
  /** The last `test-start` of each test that never ended: its worker died while it ran. */
  crashed: TestStartEvent[]
  /** Problems found in the logs (cut lines, unreadable events), naming file and line. */
  warnings: string[]
}

/** The per-worker logs under `<outDir>/workers`, oldest name first. */
export function workerLogPaths(outDir: string): string[] {
  const dir = join(outDir, 'workers')
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .map((name) => join(dir, name))
}

/**
 * Reads and merges the worker logs in time order; empty when there are none. Never throws
 * for logs without events: a worker killed (or a run interrupted) between opening its log
 * and writing its first line leaves an empty file, and the report must still be written.
 */
export function mergeWorkerLogs(
  paths: readonly string[],
  options: LogReadOptions = {},
): MergedLogs {
  if (paths.length === 0) return { events: [], lines: [], crashed: [], warnings: [] }
  let parsed: ReturnType<typeof readLogs>
  try {
    parsed = readLogs(paths, options)
  } catch (error) {
    if (!isReportInputError(error, 'NothingParseable')) throw error
    return {
      events: [],
      lines: [],
      crashed: [],
      warnings: [`${error.message}: no test had started`],
    }
  }
  const events: LogEvent[] = []
  const lines: Array<LogEvent | string> = []
  for (const sourced of parsed.events) {
    events.push(sourced.event)
    lines.push(sourced.text ?? sourced.event)
  }
  const crashed = parsed.unfinished.flatMap((unfinished) => {
    const start = events.findLast(
      (event): event is TestStartEvent =>
        event.type === 'test-start' && event.id === unfinished.id && event.pid === unfinished.pid,
    )
    return start ? [start] : []
  })
  return { events, lines, crashed, warnings: parsed.warnings }
}

/**
 * Writes `memory.jsonl` (session start, the merged worker events, session end) atomically,
 * then deletes the worker logs it merged, so the next run starts clean.
 *
 * @param events - each an event, or a line already serialised (as a worker wrote it,
 *   {@link MergedLogs.lines}), written as it is
 */
export function writeMergedLog(
  path: string,
  events: ReadonlyArray<LogEvent | string>,
  workerLogs: readonly string[],
): void {
  let text = ''
  for (const event of events) {
    text += `${typeof event === 'string' ? event : JSON.stringify(event)}\n`
  }
  writeFileAtomic(path, text)
  for (const log of workerLogs) rmSync(log, { force: true })
  const dir = workerLogs[0] === undefined ? undefined : dirname(workerLogs[0])
  // Only when empty: a worker of another run sharing this outDir may still be writing.
  if (dir !== undefined && readdirSync(dir).length === 0) rmSync(dir, { recursive: true })
}
