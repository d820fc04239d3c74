import { escapeMarkdown } from './escape.js'
import type { GateResult } from './gate.js'
import { describeHandle } from './handle-ref.js'
import { heapDiffLines, heapDiffSource, shownHeapDiffs } from './heap-diff-lines.js'
import type { LeakEntry, Report } from './model.js'
import { describeComparison, regressedTests } from './regressions.js'
import { formatRetained, type RetainedMemory, retainedLegend } from './retained-label.js'
import { formatDelta, formatSize } from './size.js'
import { countStatuses, formatStatusCounts } from './status-counts.js'
import { topTests } from './top-tests.js'
import { describeHeapGrowth } from './worker-gc.js'

/** Options of {@link renderSummaryMarkdown}. */
export interface SummaryOptions {
  /** The gate's outcome, when it ran. */
  gate?: GateResult | undefined
  /**
   * Rows in each top-tests table.
   * @default 10
   */
  top?: number
}

function leakLines(leak: LeakEntry): string[] {
  const allowed = leak.allowedReason ? ` (allowed: ${escapeMarkdown(leak.allowedReason)})` : ''
  const state = `${leak.state === 'collected-while-open' ? ', garbage-collected while open' : ''}${leak.heldBytes ? `, holding ${formatSize(leak.heldBytes)}` : ''}`
  const lines = [
    `- ${describeHandle(leak, escapeMarkdown)} opened at \`${leak.openedAt.replace(/`/g, "'")}\`${state}${allowed}`,
  ]
  if (leak.sourceLine) lines.push(`  <pre>${escapeMarkdown(leak.sourceLine.trim())}</pre>`)
  return lines
}

/**
 * `summary.md`, for people and for `$GITHUB_STEP_SUMMARY`: the tests by status, every
 * leak with its open site, every regression with its figures, the top tests by peak and
 * by retained memory, then the gate's results. Never a line per test, so it stays short
 * on a large suite. Every string from the run is escaped. Pure.
 */
export function renderSummaryMarkdown(report: Report, options: SummaryOptions = {}): string {
  const top = options.top ?? 10
  const owners = [
    ...report.tests.map((test) => ({
      title: `Test ${test.name}`,
      file: test.file,
      leaks: test.leaks,
    })),
    ...report.scopes.map((scope) => ({
      title: `${scope.scope === 'suite' ? 'Suite' : 'File scope'} ${scope.name}`,
      file: scope.file,
      leaks: scope.leaks,
    })),
  ].filter((owner) => owner.leaks.length > 0)
  const leakCount = owners.reduce((sum, owner) => sum + owner.leaks.length, 0)
  const out: string[] = []
  const verdict = options.gate ? (options.gate.ok ? ', gate passed' : ', gate failed') : ''
  out.push(
    `## leakguard: ${report.tests.length} tests, ${leakCount === 1 ? '1 leak' : `${leakCount} leaks`}${verdict}`,
    '',
    formatStatusCounts(countStatuses(report.tests)),
    '',
  )
  if (!report.complete)
    out.push('> **Incomplete run**: interrupted, or a worker crashed. Figures are partial.', '')

  out.push('### Leaks', '')
  if (owners.length === 0) out.push('✓ No unclosed datasets detected.', '')
  for (const owner of owners) {
    out.push(`**${escapeMarkdown(owner.title)}** (${escapeMarkdown(owner.file)})`, '')
    for (const leak of owner.leaks) out.push(...leakLines(leak))
    out.push('')
  }

  const regressed = regressedTests(report)
  if (regressed.length > 0) {
    out.push('### Regressions', '')
    for (const { test, comparisons } of regressed) {
      out.push(
        `- **${escapeMarkdown(test.name)}** (${escapeMarkdown(test.file)}): ${comparisons.map(describeComparison).join('; ')}`,
      )
    }
    out.push('')
  }

  const growing = (report.workers ?? []).flatMap((worker) => {
    const text = describeHeapGrowth(worker)
    return text ? [`- ⚠ ${escapeMarkdown(text)}`] : []
  })
  if (growing.length > 0) out.push('### Heap growth', '', ...growing, '')

  const shown: RetainedMemory[] = []
  const table = (title: string, metric: 'peakRssDelta' | 'retainedHeap'): void => {
    const rows = topTests(report, metric, top)
    shown.push(...rows.map((test) => test.memory))
    out.push(`### ${title}`, '')
    if (rows.length === 0) {
      out.push('No memory figures.', '')
      return
    }
    out.push(
      '| # | Test | File | Peak RSS Δ | Peak RSS | Retained heap |',
      '|--:|---|---|--:|--:|--:|',
    )
    rows.forEach((test, index) => {
      const { memory } = test
      out.push(
        `| ${index + 1} | ${escapeMarkdown(test.name)} | ${escapeMarkdown(test.file)} | ${formatDelta(memory.peakRssDelta)} | ${formatSize(memory.peakRss)} | ${formatRetained(memory)} |`,
      )
    })
    out.push('')
  }
  table('Top tests by peak RSS', 'peakRssDelta')
  table('Top tests by retained heap', 'retainedHeap')
  const legend = retainedLegend(shown)
  // Our own words, not the run's: no escaping needed.
  if (legend.length > 0) out.push(...legend.map((line) => `- ${line}`), '')

  const diffed = shownHeapDiffs(report)
  if (diffed.length > 0) {
    out.push('### What was kept', '')
    for (const test of diffed.slice(0, top)) {
      out.push(
        `**${escapeMarkdown(test.name)}** (${escapeMarkdown(test.file)}), ${heapDiffSource(test.heapDiff)}:`,
        '',
        ...heapDiffLines(test.heapDiff).map((line) => `- \`${line}\``),
        '',
      )
    }
  }

  out.push('### Gate', '')
  if (options.gate) {
    out.push('```text', ...options.gate.lines.map((line) => line.replace(/```/g, "'''")), '```', '')
  } else {
    out.push('The gate did not run (`leakguard gate` compares with the baseline).', '')
  }
  return out.join('\n')
}
