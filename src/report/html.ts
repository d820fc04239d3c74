import { createHash } from 'node:crypto'
import { topChart } from './charts-svg.js'
import { MAX_WORKERS, timelineCharts, timelineWorkers } from './charts-timeline.js'
import { escapeHtml } from './escape.js'
import type { GateResult } from './gate.js'
import { heapDiffLines, heapDiffSource, shownHeapDiffs } from './heap-diff-lines.js'
import { pageData, scriptJson } from './html-data.js'
import { pageScript } from './html-script.js'
import { PAGE_STYLE } from './html-style.js'
import { gateSection, summarySection } from './html-summary.js'
import type { LeakEntry, Report } from './model.js'
import { retainedLegend } from './retained-label.js'
import { formatSize } from './size.js'

/** Options of {@link renderHtmlReport}. */
export interface HtmlOptions {
  /** The gate's outcome, when it ran. */
  gate?: GateResult | undefined
}

function leakRows(owner: string, file: string, leaks: readonly LeakEntry[]): string[] {
  return leaks.map((leak) => {
    const source = leak.sourceLine ? `<pre>${escapeHtml(leak.sourceLine.trim())}</pre>` : ''
    const allowed = leak.allowedReason
      ? `<div class="info">allowed: ${escapeHtml(leak.allowedReason)}</div>`
      : ''
    return `<tr><td>${escapeHtml(owner)}<br><code>${escapeHtml(file)}</code></td><td>${escapeHtml(leak.kind)} "${escapeHtml(leak.label)}" (${escapeHtml(leak.id)})<br>${escapeHtml(leak.state)}${leak.heldBytes ? `, holding ${formatSize(leak.heldBytes)}` : ''}${allowed}</td><td><code>${escapeHtml(leak.openedAt)}</code>${source}<details><summary>stack</summary><pre>${escapeHtml(leak.stack)}</pre></details></td></tr>`
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

/** The page's script, built once: its source is fixed, only the embedded data varies. */
let script: { text: string; hash: string } | undefined

function builtScript(): { text: string; hash: string } {
  if (script === undefined) {
    const text = pageScript()
    script = { text, hash: createHash('sha256').update(text).digest('base64') }
  }
  return script
}

/**
 * `report.html`: one self-contained page that opens from disk with no network. Static
 * HTML first (the gate's verdict, counts by status, the tests to act on, the leak table,
 * top-20 charts, heap diffs and per-worker timelines, every string from the run
 * HTML-escaped), then a table of every test drawn by an inline script from embedded JSON
 * (escaped so that no test name can close its element). The Content-Security-Policy
 * allows that one script by its hash and nothing else. Pure.
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
  const workers = timelineWorkers(report)
  const data = pageData(
    report,
    workers.slice(0, MAX_WORKERS).map((worker) => worker.tests),
  )
  // The table's ≤ / ≥ marks on gc: 'auto' bounds, explained once above it.
  const legend = retainedLegend(report.tests.map((test) => test.memory ?? undefined))
    .map((line) => `<p class="caption retained-legend">${escapeHtml(line)}</p>\n`)
    .join('')
  const { text, hash } = builtScript()
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'">
<title>leakguard report</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<h1>leakguard report</h1>
<p class="env">${report.tests.length} tests, ${measured} with memory figures, ${rows.length === 1 ? '1 leaked handle' : `${rows.length} leaked handles`}. ${escapeHtml(env.platform)} ${escapeHtml(env.arch)}, Node ${escapeHtml(env.node)}, vitest ${escapeHtml(env.vitest)}, pool ${escapeHtml(env.pool)}; ${escapeHtml(report.createdAt)}.</p>
${report.complete ? '' : '<p class="banner">Incomplete run: interrupted, or a worker crashed. Figures are partial.</p>'}
${shared ? '<p class="banner">Some tests ran in a shared process (<code>threads</code> pool): their RSS figures include other test files running at the same time.</p>' : ''}
<section id="summary" aria-label="Summary">
${summarySection(report, options.gate)}
</section>
<h2 id="tests-heading">Tests</h2>
<div class="controls">
<label for="filter">Filter</label><input id="filter" type="search" placeholder="file or test name (press /)" autocomplete="off">
<div id="status-toggles" role="group" aria-label="Show tests with status"></div>
</div>
${data.gate ? '<p class="caption">Gate columns: the figure the gate decided on (one over its limit, else the nearest to it), its baseline, its current value, Δ = current − baseline, and the limit. Expand a row for both figures.</p>' : ''}
${legend}<p id="table-count" class="caption" aria-live="polite"></p>
<table id="tests-table" aria-labelledby="tests-heading"><thead><tr></tr></thead><tbody></tbody></table>
<nav id="pager" aria-label="Table pages"><button type="button" id="page-prev">← Previous</button><span id="page-info"></span><button type="button" id="page-next">Next →</button></nav>
<noscript><p class="banner">The test table needs JavaScript; everything else on this page is static.</p></noscript>
<h2>Leaks</h2>
${leaks}
<h2>Peak RSS growth: the largest</h2>
${topChart(report, 'peakRssDelta')}
<h2>Retained heap: the largest</h2>
${topChart(report, 'retainedHeap')}
${keptSection(report)}
<h2>Memory timeline per worker</h2>
${timelineCharts(report, workers)}
<div id="timeline-tip" role="tooltip" hidden></div>
<h2>Gate</h2>
${gateSection(report, options.gate)}
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${text}</script>
</body>
</html>
`
}
