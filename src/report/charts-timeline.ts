import { CHART_WIDTH, fmt, testTitle } from './charts-svg.js'
import { escapeHtml } from './escape.js'
import type { Report, TestReport } from './model.js'
import { formatSize } from './size.js'

/**
 * The memory timeline: one small chart per worker process, peak RSS of each of its tests
 * in run order. The line is drawn here; the page's script shows the test under the
 * pointer, reading the worker's test indices from the embedded data.
 */

/** Workers drawn at most: past this the table (which shows each test's pid) takes over. */
export const MAX_WORKERS = 12

const LEFT = 80
const TOP = 8
const PLOT_HEIGHT = 90
const PLOT_WIDTH = CHART_WIDTH - LEFT - 20

/** One worker's tests, as indices into `report.tests`, in run order. */
export interface TimelineWorker {
  label: string
  tests: number[]
}

/**
 * The worker processes of the run, largest first, each with its measured tests in run
 * order; tests without a pid are grouped by file. Pure.
 */
export function timelineWorkers(report: Report): TimelineWorker[] {
  const groups = new Map<string, number[]>()
  report.tests.forEach((test, index) => {
    if (test.memory === null) return
    const key = test.pid === undefined ? `file ${test.file}` : `pid ${test.pid}`
    const tests = groups.get(key) ?? []
    groups.set(key, tests)
    tests.push(index)
  })
  return [...groups]
    .map(([label, tests]) => ({ label, tests }))
    .sort((a, b) => b.tests.length - a.tests.length)
}

/** A cross on a test that leaked, a triangle on a regression, each with its test named. */
function mark(test: TestReport, x: number, y: number): string {
  const leaked = test.leaks.length > 0 || test.status === 'leak'
  if (!leaked && test.status !== 'regression') return ''
  const what = leaked ? 'leaked' : 'regression'
  const title = `<title>${escapeHtml(`${testTitle(test)}: ${what}, peak RSS ${formatSize(test.memory?.peakRss ?? 0)}`)}</title>`
  const [cx, cy] = [fmt(x), fmt(y)]
  return leaked
    ? `<path class="mark-leak" d="M${fmt(x - 5)} ${fmt(y - 5)}l10 10m0 -10l-10 10">${title}</path>`
    : `<path class="mark-regression" d="M${cx} ${fmt(y - 6)}l6 10h-12z" data-y="${cy}">${title}</path>`
}

function panel(report: Report, worker: TimelineWorker, index: number, maxValue: number): string {
  const x = (at: number): number =>
    LEFT +
    (worker.tests.length === 1 ? PLOT_WIDTH / 2 : (at / (worker.tests.length - 1)) * PLOT_WIDTH)
  const y = (value: number): number => TOP + PLOT_HEIGHT - (value / maxValue) * PLOT_HEIGHT
  const points: string[] = []
  const marks: string[] = []
  worker.tests.forEach((testIndex, at) => {
    const test = report.tests[testIndex]
    if (test?.memory == null) return
    points.push(`${fmt(x(at))},${fmt(y(test.memory.peakRss))}`)
    marks.push(mark(test, x(at), y(test.memory.peakRss)))
  })
  const axis = [0, 1]
    .map((share) => {
      const at = fmt(y(maxValue * share))
      return `<line class="grid" x1="${LEFT}" x2="${LEFT + PLOT_WIDTH}" y1="${at}" y2="${at}"/><text class="axis" x="${LEFT - 6}" y="${fmt(Number(at) + 4)}" text-anchor="end">${escapeHtml(formatSize(maxValue * share))}</text>`
    })
    .join('')
  const height = TOP + PLOT_HEIGHT + 22
  const count = worker.tests.length === 1 ? '1 test' : `${worker.tests.length} tests`
  const label = `${worker.label}: ${count} in run order →`
  const line =
    points.length === 1
      ? `<circle class="point" cx="${points[0]?.split(',')[0]}" cy="${points[0]?.split(',')[1]}" r="3"/>`
      : `<polyline class="series" points="${points.join(' ')}"/>`
  return `<svg class="chart timeline" data-worker="${index}" data-left="${LEFT}" data-width="${PLOT_WIDTH}" role="img" aria-label="${escapeHtml(`Peak RSS per test of ${worker.label}`)}" viewBox="0 0 ${CHART_WIDTH} ${height}" preserveAspectRatio="xMinYMin meet">${axis}${line}${marks.join('')}<line class="cursor" x1="0" x2="0" y1="${TOP}" y2="${TOP + PLOT_HEIGHT}" visibility="hidden"/><text class="axis" x="${LEFT}" y="${height - 6}">${escapeHtml(label)}</text></svg>`
}

/**
 * The timelines of the `MAX_WORKERS` busiest workers, on one shared scale so that their
 * heights compare, with the leaking tests marked.
 */
export function timelineCharts(report: Report, workers: readonly TimelineWorker[]): string {
  if (workers.length === 0) return '<p class="empty">No memory figures.</p>'
  const shown = workers.slice(0, MAX_WORKERS)
  const maxValue = Math.max(
    1,
    ...shown.flatMap((worker) => worker.tests.map((i) => report.tests[i]?.memory?.peakRss ?? 0)),
  )
  const rest = workers.slice(MAX_WORKERS)
  const restTests = rest.reduce((sum, worker) => sum + worker.tests.length, 0)
  const note =
    rest.length === 0
      ? ''
      : `<p class="caption">${rest.length} more workers (${restTests} tests) are not drawn; the table shows every test.</p>`
  const legend =
    '<p class="caption legend"><span class="mark-leak-key">✕</span> leaked a handle <span class="mark-regression-key">▲</span> regression against the baseline. Point at a line to see its test.</p>'
  return `${legend}${shown.map((worker, index) => panel(report, worker, index, maxValue)).join('\n')}${note}`
}
