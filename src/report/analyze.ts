import type { TestEndEvent } from './log-events.js'
import type { ParsedLog, UnfinishedTest } from './log-reader.js'
import { testEnds } from './log-reader.js'
import type { StatusCounts } from './status-counts.js'
import { testRunKey } from './test-key.js'

/** Options of {@link analyzeLog}. */
export interface AnalyzeOptions {
  /**
   * A test whose peak RSS is more than this above the previous test's (same process)
   * is a spike.
   * @default 100 MB
   */
  spikeBytes?: number
  /**
   * How many tests the top list holds.
   * @default 10
   */
  top?: number
}

/** A test as the analyzer keys it: the same name in two files is two tests. */
export interface TestIdentity {
  file: string
  name: string
  id: string
}

/** One test's peak figures over all of its runs in the logs (retries, repeated runs). */
export interface TopTest extends TestIdentity {
  runs: number
  maxPeakRssDelta: number
  avgPeakRssDelta: number
  maxPeakRss: number
}

/** One test's point on the timeline. */
export interface TimelinePoint extends TestIdentity {
  time: number
  peakRss: number
  rssAfter: number
}

/** The tests one process ran, in order. */
export interface TimelineGroup {
  pid: number
  points: TimelinePoint[]
}

/** A test whose peak rose more than the threshold above the previous test's. */
export interface Spike extends TestIdentity {
  pid: number
  peakRss: number
  previousPeakRss: number
  rise: number
}

/** A test that ended with handles still open. */
export interface UnclosedTest extends TestIdentity {
  pid: number
  leaks: TestEndEvent['leaks']
}

/** Open handles accumulating in one process: the total after each leaking test. */
export interface OpenGrowth {
  pid: number
  totals: number[]
}

/** What `leakguard analyze` found. Plain data; {@link formatAnalysis} renders it. */
export interface Analysis {
  /** Test-end entries read. */
  entries: number
  logs: number
  spikeBytes: number
  warnings: string[]
  top: TopTest[]
  timeline: TimelineGroup[]
  spikes: Spike[]
  /** The largest spike: the test most likely to have caused the growth. */
  culprit: Spike | undefined
  unclosed: UnclosedTest[]
  growth: OpenGrowth[]
  unfinished: UnfinishedTest[]
  /** Handles left open, over all tests. */
  leakCount: number
  /**
   * The tests by status as the run's `report.json` has them (the gate's `regression`
   * included), from the logs' session-end lines; absent in logs written without them.
   */
  statuses?: StatusCounts
}

/** Spike threshold when none is given: 100 MB. */
export const DEFAULT_SPIKE_BYTES = 100 * 1024 ** 2

/** Analyzes parsed logs. Pure: the same log always gives the same analysis. */
export function analyzeLog(log: ParsedLog, options: AnalyzeOptions = {}): Analysis {
  const spikeBytes = options.spikeBytes ?? DEFAULT_SPIKE_BYTES
  const ends = testEnds(log)

  const byTest = new Map<string, { test: TopTest; sum: number }>()
  for (const end of ends) {
    const { peakRssDelta, peakRss } = end.memory
    const key = testRunKey(end)
    const entry = byTest.get(key)
    if (entry) {
      entry.test.runs += 1
      entry.sum += peakRssDelta
      entry.test.maxPeakRssDelta = Math.max(entry.test.maxPeakRssDelta, peakRssDelta)
      entry.test.maxPeakRss = Math.max(entry.test.maxPeakRss, peakRss)
      entry.test.avgPeakRssDelta = entry.sum / entry.test.runs
    } else {
      const test = { file: end.file, name: end.name, id: end.id, runs: 1 }
      byTest.set(key, {
        test: {
          ...test,
          maxPeakRssDelta: peakRssDelta,
          avgPeakRssDelta: peakRssDelta,
          maxPeakRss: peakRss,
        },
        sum: peakRssDelta,
      })
    }
  }
  const top = [...byTest.values()]
    .map(({ test }) => test)
    .sort((a, b) => b.maxPeakRssDelta - a.maxPeakRssDelta || b.maxPeakRss - a.maxPeakRss)
    .slice(0, options.top ?? 10)

  const groups = new Map<number, TimelineGroup>()
  const spikes: Spike[] = []
  const unclosed: UnclosedTest[] = []
  const openIds = new Map<number, Set<string>>()
  const growthTotals = new Map<number, number[]>()
  for (const end of ends) {
    const group = groups.get(end.pid) ?? { pid: end.pid, points: [] }
    groups.set(end.pid, group)
    const previous = group.points.at(-1)
    const identity = { file: end.file, name: end.name, id: end.id }
    group.points.push({
      ...identity,
      time: end.time,
      peakRss: end.memory.peakRss,
      rssAfter: end.memory.rssAfter,
    })
    if (previous && end.memory.peakRss - previous.peakRss > spikeBytes) {
      spikes.push({
        ...identity,
        pid: end.pid,
        peakRss: end.memory.peakRss,
        previousPeakRss: previous.peakRss,
        rise: end.memory.peakRss - previous.peakRss,
      })
    }
    if (end.leaks.length > 0) {
      unclosed.push({ ...identity, pid: end.pid, leaks: end.leaks })
      // Handles are keyed by id per process: a handle reported again is not new.
      const ids = openIds.get(end.pid) ?? new Set<string>()
      openIds.set(end.pid, ids)
      for (const leak of end.leaks) ids.add(leak.id)
      const totals = growthTotals.get(end.pid) ?? []
      growthTotals.set(end.pid, totals)
      if (totals.at(-1) !== ids.size) totals.push(ids.size)
    }
  }
  const culprit = spikes.reduce<Spike | undefined>(
    (largest, spike) => (largest === undefined || spike.rise > largest.rise ? spike : largest),
    undefined,
  )
  const growth = [...growthTotals]
    .filter(([, totals]) => totals.length >= 2)
    .map(([pid, totals]) => ({ pid, totals }))

  return {
    entries: ends.length,
    logs: new Set(log.events.map((event) => event.file)).size,
    spikeBytes,
    warnings: log.warnings,
    top,
    timeline: [...groups.values()],
    spikes,
    culprit,
    unclosed,
    growth,
    unfinished: log.unfinished,
    leakCount: unclosed.reduce((sum, test) => sum + test.leaks.length, 0),
    ...sessionStatuses(log),
  }
}

/** The statuses of every session in the logs, added up. */
function sessionStatuses(log: ParsedLog): { statuses?: StatusCounts } {
  let total: StatusCounts | undefined
  for (const { event } of log.events) {
    if (event.type !== 'session-end' || event.statuses === undefined) continue
    const counts = event.statuses
    total = total
      ? (Object.fromEntries(
          Object.entries(total).map(([status, n]) => [
            status,
            n + (counts[status as keyof StatusCounts] ?? 0),
          ]),
        ) as StatusCounts)
      : { ...counts }
  }
  return total === undefined ? {} : { statuses: total }
}
