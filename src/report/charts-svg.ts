import { escapeHtml } from './escape.js'
import type { Report } from './model.js'
import { formatRetained, retainedLegend } from './retained-label.js'
import { formatDelta } from './size.js'
import { topTests } from './top-tests.js'

/**
 * Hand-written SVG charts for `report.html`, drawn when the page is rendered: no library
 * and no script, so they show even where the page's script cannot run. Every string from
 * the run is escaped.
 */

/** Width of every chart's viewBox; the page scales it to the column. */
export const CHART_WIDTH = 1100
const LABEL_WIDTH = 470
const ROW = 20

/** How many tests a top-N chart shows: readable at 10,000 tests, where one bar each is not. */
export const TOP_N = 20

/** A number for an SVG attribute: one decimal at most. */
export function fmt(value: number): string {
  return Number(value.toFixed(1)).toString()
}

/** `text` cut to `max` characters, keeping its end: `…/area-1/module.test.ts`. */
export function shortenStart(text: string, max: number): string {
  return text.length > max ? `…${text.slice(text.length - max + 1)}` : text
}

/** `text` cut to `max` characters, keeping its start. */
function shortenEnd(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/**
 * A chart label of at most `max` characters that keeps both parts readable: the file's
 * end (its name) and the test name's start (its suite).
 */
export function chartLabel(
  test: { file: string; name: string; project?: string },
  max: number,
): string {
  const title = testTitle(test)
  if (title.length <= max) return title
  const file = shortenStart(test.file, Math.min(test.file.length, Math.floor(max * 0.4)))
  return shortenEnd(`${file} > ${test.name}`, max)
}

/** How the page names a test: `file > name`, with `[project] ` first when there is one. */
export function testTitle(test: { file: string; name: string; project?: string }): string {
  return `${test.project === undefined ? '' : `[${test.project}] `}${test.file} > ${test.name}`
}

const METRICS = {
  peakRssDelta: { id: 'peak-chart', bar: 'bar-peak', what: 'peak RSS growth' },
  retainedHeap: { id: 'retained-chart', bar: 'bar-retained', what: 'retained heap' },
} as const

/**
 * A bar chart of the `TOP_N` tests with the largest `metric`, each labelled `file > name`
 * (the start elided when long, the whole in its tooltip), its figure after its bar.
 */
export function topChart(report: Report, metric: 'peakRssDelta' | 'retainedHeap'): string {
  const { id, bar, what } = METRICS[metric]
  const measured = report.tests.filter((test) => test.memory !== null).length
  const tests = topTests(report, metric, TOP_N)
  if (tests.length === 0) return `<p class="empty">No memory figures.</p>`
  const max = Math.max(1, ...tests.map((test) => test.memory[metric]))
  const plot = CHART_WIDTH - LABEL_WIDTH - 110
  const height = tests.length * ROW + 8
  const rows = tests.map((test, index) => {
    const y = 4 + index * ROW
    const width = (Math.max(0, test.memory[metric]) / max) * plot
    const title = testTitle(test)
    const value =
      metric === 'retainedHeap' ? formatRetained(test.memory) : formatDelta(test.memory[metric])
    return [
      `<g class="bar-row"><title>${escapeHtml(`${title}: ${what} ${value}`)}</title>`,
      `<text class="label" x="${LABEL_WIDTH - 8}" y="${y + 13}" text-anchor="end">${escapeHtml(chartLabel(test, 72))}</text>`,
      `<rect class="${bar}" x="${LABEL_WIDTH}" y="${y + 3}" width="${fmt(width)}" height="13"/>`,
      `<text class="value" x="${fmt(LABEL_WIDTH + width + 6)}" y="${y + 13}">${escapeHtml(value)}</text>`,
      '</g>',
    ].join('')
  })
  const caption =
    measured > tests.length
      ? `<p class="caption">The ${tests.length} largest of ${measured} measured tests; the table below has them all.</p>`
      : ''
  // A gc: 'auto' bound is drawn as tall as a measurement, so its mark needs a legend.
  const legend = metric === 'retainedHeap' ? retainedLegend(tests.map((test) => test.memory)) : []
  const notes = legend
    .map((line) => `<p class="caption retained-legend">${escapeHtml(line)}</p>`)
    .join('')
  return `<svg class="chart" id="${id}" role="img" aria-label="${escapeHtml(`The ${tests.length} tests with the largest ${what}`)}" viewBox="0 0 ${CHART_WIDTH} ${height}" preserveAspectRatio="xMinYMin meet">${rows.join('')}</svg>${caption}${notes}`
}
