import { relative } from 'node:path'
import { formatSize } from '../src/memory/size.js'
import { describeHandle } from '../src/report/handle-ref.js'
import { heapDiffLines, heapDiffSource, shownHeapDiffs } from '../src/report/heap-diff-lines.js'
import type { Report } from '../src/report/model.js'
import { describeComparison, regressedTests } from '../src/report/regressions.js'
import { retainedMark } from '../src/report/retained-label.js'
import { countStatuses, formatStatusCounts } from '../src/report/status-counts.js'
import { topTests } from '../src/report/top-tests.js'
import { describeHeapGrowth } from '../src/report/worker-gc.js'
import type { ResolvedOptions } from './options.js'

const TOP = 5

function top(report: Report, metric: 'peakRssDelta' | 'retainedHeap', title: string): string[] {
  const ranked = topTests(report, metric, TOP)
  if (ranked.length === 0) return []
  return [
    `  ${title}:`,
    ...ranked.map((test) => {
      // A gc: 'auto' bound keeps its ≤ / ≥ mark, so it is not read as a measurement.
      const mark = metric === 'retainedHeap' ? retainedMark(test.memory.retainedMethod) : ''
      return `    ${`${mark}${formatSize(test.memory[metric])}`.padStart(12)}  ${test.file} > ${test.name}`
    }),
  ]
}

/**
 * The lines leakguard prints at the end of a run: the tests by status, leaks grouped by
 * test with their open sites, the tests above their baseline, the top tests by peak RSS growth and by retained heap, and where the files are.
 * Pure: returns text.
 */
export function formatTerminalSummary(
  report: Report,
  options: ResolvedOptions,
  written: readonly string[] = ['report.json', 'memory.jsonl'],
): string {
  const lines = ['', ' leakguard', `  ${formatStatusCounts(countStatuses(report.tests))}`]
  const leaking = report.tests.filter((test) => test.leaks.length > 0)
  const scopes = report.scopes.filter((scope) => scope.leaks.length > 0)
  if (options.onLeak === 'off') {
    lines.push("  Leak checks are off (onLeak: 'off'); memory is still recorded.")
  } else if (leaking.length === 0 && scopes.length === 0) {
    lines.push('  No leaked handles.')
  } else {
    const owners = [...leaking, ...scopes]
    const blamed = owners.filter((o) => o.leaks.some((l) => l.allowedReason === undefined)).length
    const verb = options.onLeak === 'warn' ? 'warned (onLeak: warn, not failed)' : 'leaked'
    lines.push(
      `  ${blamed} test(s)/scope(s) ${verb}, ${owners.length - blamed} only with allowed leaks:`,
    )
    for (const owner of owners) {
      lines.push(`    ${owner.file} > ${owner.name}`)
      for (const leak of owner.leaks) {
        const allowed = leak.allowedReason === undefined ? '' : ` (allowed: ${leak.allowedReason})`
        lines.push(`      ${describeHandle(leak)} opened at ${leak.openedAt}${allowed}`)
      }
    }
  }
  const regressed = regressedTests(report)
  if (regressed.length > 0) lines.push(`  ${regressed.length} test(s) above their baseline:`)
  for (const { test, comparisons } of regressed) {
    lines.push(`    ${test.file} > ${test.name}: ${comparisons.map(describeComparison).join('; ')}`)
  }
  lines.push(...top(report, 'peakRssDelta', 'Top peak RSS growth'))
  const gc = report.tests.some((test) => test.memory?.gcForced)
  // gc: 'auto' records most tests as a bound: at most what they allocated (issue 15).
  const bound = report.tests.some((test) => test.memory?.retainedMethod === 'bound')
  const atLeast = report.tests.some((test) => test.memory?.retainedMethod === 'at-least')
  const how =
    bound || atLeast
      ? " (gc: 'auto': after forced GC; ≤ at most what the test allocated, ≥ at least this)"
      : gc
        ? ' (after forced GC)'
        : ' (no forced GC: includes garbage; set gc: true)'
  lines.push(...top(report, 'retainedHeap', `Top retained heap${how}`))
  if (report.tests.some((test) => test.memory?.rssScope === 'shared-process')) {
    lines.push(
      '  Note: tests ran in worker threads, so RSS and peak RSS are process-wide, not per test.',
    )
  }
  for (const worker of report.workers ?? []) {
    const growth = describeHeapGrowth(worker)
    if (growth) lines.push(`  WARNING: ${growth}`)
  }
  const crashed = report.tests.filter((test) => test.state === 'crashed')
  for (const test of crashed) lines.push(`  CRASHED: ${test.file} > ${test.name}`)
  for (const test of shownHeapDiffs(report)) {
    lines.push(
      `  What it kept (${heapDiffSource(test.heapDiff)}): ${test.file} > ${test.name}`,
      ...heapDiffLines(test.heapDiff).map((line) => `    ${line}`),
    )
  }
  const outDir = relative(options.root, options.outDir) || '.'
  // Only files really written: after a failed write the error line names the other.
  if (written.length > 0) {
    lines.push(`  Report: ${written.map((name) => `${outDir}/${name}`).join(', ')}`)
  }
  lines.push('')
  return lines.join('\n')
}
