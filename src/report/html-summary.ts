import { testTitle } from './charts-svg.js'
import { escapeHtml } from './escape.js'
import type { GateResult } from './gate.js'
import { PAGE_STATUSES, STATUS_SIGNS } from './html-data.js'
import type { Report, TestReport, TestStatus } from './model.js'
import { formatDelta } from './size.js'
import { countStatuses } from './status-counts.js'
import { describeTolerance } from './tolerance.js'

/**
 * The top of `report.html`: the gate's verdict, counts by status and the tests to act on
 * first, then (further down) the gate's own lines and the tests it found new or removed.
 * Static HTML, every string from the run escaped, so it reads even without the script.
 */

/** Tests listed under "Act on these first" at most. */
const ATTENTION = 10
/** Gate lines and removed tests listed at most; a 10,000-test run can have one per test. */
const LIST_CAP = 100

function badge(status: TestStatus): string {
  return `<span class="badge status-${status}">${STATUS_SIGNS[status]} ${status}</span>`
}

function verdict(report: Report, gate: GateResult | undefined): string {
  const run = report.gate
  const ok = run?.ok ?? gate?.ok
  if (ok === undefined) {
    return '<p class="verdict">Gate: did not run (<code>leakguard gate</code> compares with the baseline).</p>'
  }
  const checked = run?.checked ?? gate?.checked ?? 0
  const tolerance = run?.tolerance ?? gate?.tolerance
  const failures = run?.failures ?? gate?.verdicts.filter((v) => v.severity === 'error').length
  const baseline = run?.baseline
    ? ` with baseline <code>${escapeHtml(run.baseline)}</code>`
    : run && run.baseline === undefined
      ? ' (no baseline: leaks, limits and crashes only)'
      : ''
  const how = `${checked} of ${report.tests.length} tests compared${baseline}${tolerance ? `, tolerance ${escapeHtml(describeTolerance(tolerance))}` : ''}`
  return ok
    ? `<p class="verdict pass" id="gate-verdict"><strong class="ok">✓ Gate passed</strong>: ${how}.</p>`
    : `<p class="verdict fail" id="gate-verdict"><strong class="error">✗ Gate failed</strong>: ${failures === 1 ? '1 failure' : `${failures} failures`}; ${how}.</p>`
}

/** Why a test needs attention, in one line. */
function reason(test: TestReport): string {
  const regressed = test.gate?.comparisons.filter((c) => c.regressed) ?? []
  if (test.status === 'regression' && regressed.length > 0) {
    return regressed
      .map(
        (c) =>
          `${c.metric === 'peakRssDelta' ? 'peak RSS Δ' : 'retained heap'} ${formatDelta(c.current)}, baseline ${formatDelta(c.baseline)}, limit ${formatDelta(c.limit)}`,
      )
      .join('; ')
  }
  if (test.leaks.length > 0) {
    const first = test.leaks[0]!
    const more = test.leaks.length > 1 ? ` and ${test.leaks.length - 1} more` : ''
    return `left ${first.kind} "${first.label}" open, opened at ${first.openedAt}${more}`
  }
  if (test.status === 'crashed') return 'its worker died while it ran'
  return test.notes?.join('; ') ?? ''
}

/** The summary: verdict, environment warning, counts by status, the tests to act on first. */
export function summarySection(report: Report, gate: GateResult | undefined): string {
  const counts = countStatuses(report.tests)
  const skipped = report.tests.filter((t) => t.state === 'skip' || t.state === 'todo').length
  const newTests = report.tests.filter((t) => t.gate?.baseline === 'new').length
  const removed = report.gate?.removed.length ?? 0
  const items = PAGE_STATUSES.map(
    (status) => `<li>${badge(status)} <strong>${counts[status]}</strong></li>`,
  )
  if (skipped > 0) items.push(`<li>skipped or todo <strong>${skipped}</strong></li>`)
  if (report.gate || newTests > 0) {
    items.push(`<li>new, no baseline <strong>${newTests}</strong></li>`)
    items.push(`<li>removed since the baseline <strong>${removed}</strong></li>`)
  }
  const rank = (status: TestStatus): number => PAGE_STATUSES.indexOf(status)
  const flagged = report.tests
    .filter((test) => test.status !== 'ok')
    .sort(
      (a, b) =>
        rank(a.status) - rank(b.status) ||
        (b.memory?.peakRssDelta ?? 0) - (a.memory?.peakRssDelta ?? 0),
    )
  const attention =
    flagged.length === 0
      ? '<p class="ok">✓ Nothing to act on: no leak, regression, limit or crash.</p>'
      : `<h3>Act on these first</h3><ul id="attention">${flagged
          .slice(0, ATTENTION)
          .map(
            (test) =>
              `<li>${badge(test.status)} <strong>${escapeHtml(testTitle(test))}</strong>: ${escapeHtml(reason(test))}</li>`,
          )
          .join(
            '',
          )}</ul>${flagged.length > ATTENTION ? `<p class="caption">and ${flagged.length - ATTENTION} more: the table below lists them first.</p>` : ''}`
  const warning = report.gate?.environmentWarning
  return [
    verdict(report, gate),
    warning ? `<p class="banner" id="environment-warning">${escapeHtml(warning)}</p>` : '',
    `<ul class="counts" id="status-counts">${items.join('')}</ul>`,
    attention,
  ].join('\n')
}

/** The gate's own lines (errors first) and the removed tests, each list capped. */
export function gateSection(report: Report, gate: GateResult | undefined): string {
  const parts: string[] = []
  if (gate) {
    const items = gate.lines.slice(0, LIST_CAP).map((line) => {
      const level =
        /^(ERROR|WARNING|INFO):/.exec(line)?.[1]?.toLowerCase() ?? (gate.ok ? 'ok' : 'error')
      return `<li class="${level}">${escapeHtml(line)}</li>`
    })
    const rest = gate.lines.length - items.length
    if (rest > 0) {
      items.push(
        `<li class="info">… and ${rest} more lines: <code>leakguard gate</code> prints them all.</li>`,
      )
    }
    parts.push(`<ul id="gate-verdicts">${items.join('')}</ul>`)
  } else if (!report.gate) {
    parts.push(
      '<p class="info">The gate did not run (<code>leakguard gate</code> compares with the baseline).</p>',
    )
  }
  const removed = report.gate?.removed ?? []
  if (removed.length > 0) {
    const items = removed
      .slice(0, LIST_CAP)
      .map((test) => `<li>${escapeHtml(testTitle(test))}</li>`)
    if (removed.length > LIST_CAP) items.push(`<li>… and ${removed.length - LIST_CAP} more</li>`)
    parts.push(
      `<h3>In the baseline but did not run (${removed.length})</h3><ul id="removed-tests">${items.join('')}</ul>`,
    )
  }
  return parts.join('\n')
}
