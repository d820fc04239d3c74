import { peakBarChart, timelineChart } from './charts-svg.js'
import { escapeHtml } from './escape.js'
import type { GateResult } from './gate.js'
import { heapDiffLines, heapDiffSource, shownHeapDiffs } from './heap-diff-lines.js'
import type { LeakEntry, Report } from './model.js'
import { formatSize } from './size.js'

/** Options of {@link renderHtmlReport}. */
export interface HtmlOptions {
  /** The gate's outcome, when it ran. */
  gate?: GateResult | undefined
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1000px; color: #111827; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #e5e7eb; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
code, pre { font: 12px/1.4 ui-monospace, monospace; } pre { white-space: pre-wrap; margin: 4px 0; }
.chart text { font: 11px system-ui, sans-serif; } .chart text:not(.legend-item) { fill: #374151; } .chart .axis { fill: #6b7280; }
.chart .grid { stroke: #e5e7eb; } .bar-peak, .swatch-peak { fill: #2563eb; } .bar-retained, .swatch-retained { fill: #f59e0b; }
.ok { color: #047857; } .error { color: #b91c1c; } .warning { color: #b45309; } .info { color: #4b5563; }
.banner { background: #fef3c7; padding: 8px 12px; border-radius: 4px; }
`

function leakRows(owner: string, file: string, leaks: readonly LeakEntry[]): string[] {
  return leaks.map((leak) => {
    const source = leak.sourceLine ? `<pre>${escapeHtml(leak.sourceLine.trim())}</pre>` : ''
    const allowed = leak.allowedReason
      ? `<div class="info">allowed: ${escapeHtml(leak.allowedReason)}</div>`
      : ''
    return `<tr><td>${escapeHtml(owner)}<br><code>${escapeHtml(file)}</code></td><td>${escapeHtml(leak.kind)} "${escapeHtml(leak.label)}" #${escapeHtml(leak.id)}<br>${escapeHtml(leak.state)}${leak.heldBytes ? `, holding ${formatSize(leak.heldBytes)}` : ''}${allowed}</td><td><code>${escapeHtml(leak.openedAt)}</code>${source}<details><summary>stack</summary><pre>${escapeHtml(leak.stack)}</pre></details></td></tr>`
  })
}

/** "What was kept": each shown heap diff's top rows, or nothing when no diff was taken. */
function keptSection(report: Report): string {
  const rows = shownHeapDiffs(report).map(
    (test) =>
      `<tr><td>${escapeHtml(test.name)}<br><code>${escapeHtml(test.file)}</code><br><span class="info">${escapeHtml(heapDiffSource(test.heapDiff))}</span></td><td><pre>${escapeHtml(heapDiffLines(test.heapDiff).join('\n'))}</pre></td></tr>`,
  )
  if (rows.length === 0) return ''
  return `<h2>What was kept</h2>\n<table id="heap-diffs"><thead><tr><th>Test</th><th>Added and still alive (retained size)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

function gateSection(gate: GateResult | undefined): string {
  if (!gate)
    return '<p class="info">The gate did not run (<code>leakguard gate</code> compares with the baseline).</p>'
  const items = gate.lines.map((line) => {
    const level =
      /^(ERROR|WARNING|INFO):/.exec(line)?.[1]?.toLowerCase() ?? (gate.ok ? 'ok' : 'error')
    return `<li class="${level}">${escapeHtml(line)}</li>`
  })
  return `<p class="${gate.ok ? 'ok' : 'error'}"><strong>${gate.ok ? '✓ passed' : '✗ failed'}</strong></p><ul id="gate-verdicts">${items.join('')}</ul>`
}

/**
 * `report.html`: one self-contained page (inline CSS and SVG, no script, no network)
 * with the per-test bar chart, the memory timeline, the leaks table and the gate's
 * verdicts. Every string from the run is HTML-escaped. Pure.
 */
export function renderHtmlReport(report: Report, options: HtmlOptions = {}): string {
  const rows = [
    ...report.tests.flatMap((test) => leakRows(`test ${test.name}`, test.file, test.leaks)),
    ...report.scopes.flatMap((scope) =>
      leakRows(`${scope.scope} ${scope.name}`, scope.file, scope.leaks),
    ),
  ]
  const leaks =
    rows.length === 0
      ? '<p class="ok">✓ No unclosed datasets detected.</p>'
      : `<table id="leaks"><thead><tr><th>Owner</th><th>Handle</th><th>Opened at</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  const measured = report.tests.filter((test) => test.memory !== null).length
  const env = report.environment
  const shared = report.tests.some((test) => test.memory?.rssScope === 'shared-process')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>leakguard report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>leakguard report</h1>
<p>${report.tests.length} tests, ${measured} with memory figures, ${rows.length === 1 ? '1 leaked handle' : `${rows.length} leaked handles`}. ${escapeHtml(env.platform)} ${escapeHtml(env.arch)}, Node ${escapeHtml(env.node)}, vitest ${escapeHtml(env.vitest)}, pool ${escapeHtml(env.pool)}; ${escapeHtml(report.createdAt)}.</p>
${report.complete ? '' : '<p class="banner">Incomplete run: interrupted, or a worker crashed. Figures are partial.</p>'}
${shared ? '<p class="banner">Some tests ran in a shared process (<code>threads</code> pool): their RSS figures include other test files running at the same time.</p>' : ''}
<h2>Leaks</h2>
${leaks}
<h2>Peak RSS delta and retained heap per test</h2>
${peakBarChart(report)}
${keptSection(report)}
<h2>Memory timeline</h2>
${timelineChart(report)}
<h2>Gate</h2>
${gateSection(options.gate)}
</body>
</html>
`
}
