import type { Analysis, TestIdentity } from './analyze.js'
import { describeHandle } from './handle-ref.js'
import { formatDelta, formatSize } from './size.js'
import { formatStatusCounts } from './status-counts.js'

/** Colours for the terminal; identity functions when output is not a TTY. */
export interface Painter {
  red(text: string): string
  yellow(text: string): string
  green(text: string): string
  bold(text: string): string
  dim(text: string): string
}

/** A painter that adds nothing: for files, pipes and tests. */
export const plain: Painter = {
  red: (text) => text,
  yellow: (text) => text,
  green: (text) => text,
  bold: (text) => text,
  dim: (text) => text,
}

function label(test: TestIdentity): string {
  return `"${test.name}" (${test.file})`
}

/** Renders an {@link Analysis} as the lines `leakguard analyze` prints. Pure. */
export function formatAnalysis(analysis: Analysis, paint: Painter = plain): string[] {
  const lines: string[] = []
  const logs = analysis.logs === 1 ? '1 log' : `${analysis.logs} logs`
  lines.push(paint.bold(`leakguard analyze: ${analysis.entries} entries from ${logs}`))
  if (analysis.statuses) lines.push(`Statuses: ${formatStatusCounts(analysis.statuses)}`)
  for (const warning of analysis.warnings) lines.push(paint.yellow(`WARNING: ${warning}`))

  lines.push('', paint.bold(`Top ${analysis.top.length} memory-intensive tests by peak`))
  analysis.top.forEach((test, index) => {
    const runs = test.runs === 1 ? '1 run' : `${test.runs} runs`
    lines.push(
      `  ${index + 1}. ${label(test)}: peak Δ max ${formatDelta(test.maxPeakRssDelta)}, avg ${formatDelta(test.avgPeakRssDelta)} (${runs}); peak RSS max ${formatSize(test.maxPeakRss)}`,
    )
  })

  lines.push('', paint.bold('Memory timeline'))
  for (const group of analysis.timeline) {
    const first = group.points[0]
    const last = group.points.at(-1)
    if (!first || !last) continue
    const count = group.points.length === 1 ? '1 test' : `${group.points.length} tests`
    lines.push(
      `  pid ${group.pid}: ${count}, peak RSS ${formatSize(first.peakRss)} → ${formatSize(last.peakRss)}, RSS after ${formatSize(first.rssAfter)} → ${formatSize(last.rssAfter)}`,
    )
  }
  if (analysis.spikes.length === 0) {
    lines.push(`  No spikes above ${formatSize(analysis.spikeBytes)}`)
  }
  for (const spike of analysis.spikes) {
    lines.push(
      paint.yellow(
        `  ▲ spike ${formatDelta(spike.rise)}: ${label(spike)} peaked ${formatSize(spike.peakRss)} after ${formatSize(spike.previousPeakRss)} (pid ${spike.pid})`,
      ),
    )
  }
  if (analysis.culprit) {
    lines.push(
      paint.bold(
        `  Likely culprit: ${label(analysis.culprit)}, ${formatDelta(analysis.culprit.rise)} above the test before it`,
      ),
    )
  }

  lines.push('', paint.bold('Unclosed datasets'))
  if (analysis.unclosed.length === 0) {
    lines.push(paint.green('  ✓ No unclosed datasets detected'))
  }
  for (const test of analysis.unclosed) {
    const handles = test.leaks
      .map((leak) => `${describeHandle(leak)} opened at ${leak.openedAt}`)
      .join('; ')
    lines.push(paint.red(`  ✗ ${label(test)}: ${test.leaks.length} open: ${handles}`))
  }
  for (const growth of analysis.growth) {
    lines.push(
      paint.yellow(
        `  ⚠ open handles keep growing in pid ${growth.pid}: ${growth.totals.join(' → ')} across ${growth.totals.length} tests (nothing closes them)`,
      ),
    )
  }
  return lines
}
