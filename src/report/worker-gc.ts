import {
  DEFAULT_GROWTH_THRESHOLD,
  findHeapGrowth,
  type GrowthThreshold,
} from '../memory/heap-growth.js'
import type { TestGcEvent } from './log-events.js'
import type { WorkerReport } from './model.js'
import { formatSize } from './size.js'

/**
 * Each worker's GC figures from its `test-gc` lines, and its heap growth from test to
 * test. A test after which no full GC had run since the one before adds no sample: the
 * heap after GC is then the same reading, neither a rise nor a fall. Pure.
 */
export function workerReports(
  events: readonly TestGcEvent[],
  threshold: GrowthThreshold = DEFAULT_GROWTH_THRESHOLD,
): WorkerReport[] {
  const byWorker = new Map<string, TestGcEvent[]>()
  for (const event of events) {
    const key = `${event.pid}:${event.thread}`
    const list = byWorker.get(key) ?? []
    byWorker.set(key, list)
    list.push(event)
  }
  return [...byWorker.values()].map((lines) => {
    const ordered = [...lines].sort((a, b) => a.time - b.time)
    const last = ordered[ordered.length - 1] as TestGcEvent
    const sampled: TestGcEvent[] = []
    for (const line of ordered) {
      const previous = sampled[sampled.length - 1]
      if (line.heapAfterGc === null) continue
      if (previous && line.fullGcCount === previous.fullGcCount) continue
      sampled.push(line)
    }
    const report: WorkerReport = {
      pid: last.pid,
      thread: last.thread,
      tests: ordered.length,
      gcCount: last.gcCount,
      fullGcCount: last.fullGcCount,
      gcPauseMs: last.gcPauseMs,
      heapAfterGc: last.heapAfterGc,
    }
    const found = findHeapGrowth(
      sampled.map((line) => line.heapAfterGc as number),
      threshold,
    )
    const from = found && sampled[found.firstIndex]
    const to = found && sampled[found.lastIndex]
    if (found && from && to) {
      report.growth = {
        tests: found.rises,
        bytes: found.bytes,
        from: { file: from.file, name: from.name },
        to: { file: to.file, name: to.name },
      }
    }
    return report
  })
}

/**
 * The warning for a worker whose heap after GC kept growing, the same in the report's
 * note, the terminal and `summary.md`.
 */
export function describeHeapGrowth(worker: WorkerReport): string | undefined {
  const { growth } = worker
  if (growth === undefined) return undefined
  return (
    `heap after GC grew after ${growth.tests} tests in a row in worker pid ${worker.pid}, ` +
    `+${formatSize(growth.bytes)} from "${growth.from.name}" to "${growth.to.name}" (${growth.to.file}): ` +
    'something kept from test to test (a module-level cache or array) may be leaking'
  )
}
