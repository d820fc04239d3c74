import { escapeHtml } from './escape.js'
import type { Report } from './model.js'
import { formatDelta, formatSize } from './size.js'
import { type MeasuredTest, topTests } from './top-tests.js'

/**
 * Hand-written SVG charts for `report.html`: no library and no script, so the page opens
 * from disk with no network and nothing to break. Every string from the run is escaped.
 */

const WIDTH = 960
const LABEL_WIDTH = 340
const ROW = 26
const PALETTE = [
  '#2563eb',
  '#db2777',
  '#059669',
  '#d97706',
  '#7c3aed',
  '#0891b2',
  '#65a30d',
  '#dc2626',
]

function fmt(value: number): string {
  return Number(value.toFixed(1)).toString()
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/**
 * A bar chart, tests sorted by peak RSS delta: one `.bar-peak` and one `.bar-retained`
 * bar per measured test, with the figures at the end of each bar.
 */
export function peakBarChart(report: Report): string {
  const tests = topTests(report, 'peakRssDelta')
  if (tests.length === 0) return '<p class="empty">No memory figures.</p>'
  const max = Math.max(
    1,
    ...tests.flatMap((test) => [test.memory.peakRssDelta, test.memory.retainedHeap]),
  )
  // Room on the right for the figures printed after the longest bar.
  const plot = WIDTH - LABEL_WIDTH - 260
  const height = tests.length * ROW + 30
  const rows = tests.map((test, index) => {
    const y = 24 + index * ROW
    const peak = (Math.max(0, test.memory.peakRssDelta) / max) * plot
    const retained = (Math.max(0, test.memory.retainedHeap) / max) * plot
    const name = escapeHtml(test.name)
    const file = escapeHtml(test.file)
    const values = `peak ${formatDelta(test.memory.peakRssDelta)}, retained ${formatDelta(test.memory.retainedHeap)}`
    return [
      `<g class="bar-row"><title>${name} (${file}): ${values}</title>`,
      `<text class="label" x="${LABEL_WIDTH - 8}" y="${y + 13}" text-anchor="end">${escapeHtml(shorten(test.name, 48))}</text>`,
      `<rect class="bar-peak" x="${LABEL_WIDTH}" y="${y}" width="${fmt(peak)}" height="11"/>`,
      `<rect class="bar-retained" x="${LABEL_WIDTH}" y="${y + 12}" width="${fmt(retained)}" height="7"/>`,
      `<text class="value" x="${fmt(LABEL_WIDTH + Math.max(peak, retained) + 6)}" y="${y + 13}">${escapeHtml(values)}</text>`,
      '</g>',
    ].join('')
  })
  const legend = `<g class="legend"><rect class="swatch-peak" x="${LABEL_WIDTH}" y="4" width="12" height="10"/><text x="${LABEL_WIDTH + 16}" y="13">peak RSS Δ</text><rect class="swatch-retained" x="${LABEL_WIDTH + 110}" y="4" width="12" height="10"/><text x="${LABEL_WIDTH + 126}" y="13">retained heap</text></g>`
  return `<svg class="chart" id="peak-chart" role="img" aria-label="Peak RSS delta and retained heap per test" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}">${legend}${rows.join('')}</svg>`
}

/** The processes of the run, each with its tests in run order (by file when no pid). */
function timelineGroups(
  report: Report,
): { key: string; points: { index: number; test: MeasuredTest }[] }[] {
  const groups = new Map<string, { index: number; test: MeasuredTest }[]>()
  let index = 0
  for (const test of report.tests) {
    if (test.memory === null) continue
    const key = test.pid === undefined ? `file ${test.file}` : `pid ${test.pid}`
    const points = groups.get(key) ?? []
    groups.set(key, points)
    points.push({ index: index++, test: test as MeasuredTest })
  }
  return [...groups].map(([key, points]) => ({ key, points }))
}

/**
 * The memory timeline: peak RSS of each test in run order, one line and colour per
 * worker process, one `.point` per measured test.
 */
export function timelineChart(report: Report): string {
  const groups = timelineGroups(report)
  const count = groups.reduce((sum, group) => sum + group.points.length, 0)
  if (count === 0) return '<p class="empty">No memory figures.</p>'
  const left = 80
  const top = 16
  const plotWidth = WIDTH - left - 20
  const plotHeight = 260
  const values = groups.flatMap((group) => group.points.map(({ test }) => test.memory.peakRss))
  const maxValue = Math.max(1, ...values)
  const x = (index: number): number =>
    left + (count === 1 ? plotWidth / 2 : (index / (count - 1)) * plotWidth)
  const y = (value: number): number => top + plotHeight - (value / maxValue) * plotHeight
  const axis = [0, 0.5, 1]
    .map((share) => {
      const value = maxValue * share
      return `<line class="grid" x1="${left}" x2="${left + plotWidth}" y1="${fmt(y(value))}" y2="${fmt(y(value))}"/><text class="axis" x="${left - 6}" y="${fmt(y(value) + 4)}" text-anchor="end">${escapeHtml(formatSize(value))}</text>`
    })
    .join('')
  const series = groups.map((group, groupIndex) => {
    const colour = PALETTE[groupIndex % PALETTE.length]
    const path = group.points
      .map(({ index, test }) => `${fmt(x(index))},${fmt(y(test.memory.peakRss))}`)
      .join(' ')
    const points = group.points
      .map(
        ({ index, test }) =>
          `<circle class="point" cx="${fmt(x(index))}" cy="${fmt(y(test.memory.peakRss))}" r="4" fill="${colour}"><title>${escapeHtml(test.name)} (${escapeHtml(test.file)}): peak RSS ${escapeHtml(formatSize(test.memory.peakRss))}</title></circle>`,
      )
      .join('')
    return `<g class="series"><polyline fill="none" stroke="${colour}" stroke-width="2" points="${path}"/>${points}</g>`
  })
  const legend = groups
    .map(
      (group, groupIndex) =>
        `<text class="legend-item" x="${left + (groupIndex % 5) * 170}" y="${top + plotHeight + 34 + Math.floor(groupIndex / 5) * 16}" fill="${PALETTE[groupIndex % PALETTE.length]}">■ ${escapeHtml(shorten(group.key, 24))}</text>`,
    )
    .join('')
  const height = top + plotHeight + 44 + Math.floor((groups.length - 1) / 5) * 16
  return `<svg class="chart" id="timeline-chart" role="img" aria-label="Peak RSS per test in run order" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}">${axis}<text class="axis" x="${left}" y="${top + plotHeight + 16}">tests in run order →</text>${series.join('')}${legend}</svg>`
}
