import { describe, expect, test } from 'vitest'
import { resolveOptions } from '../../plugin/options.js'
import { formatTerminalSummary } from '../../plugin/terminal-summary.js'
import { renderHtmlReport } from '../../src/report/html.js'
import {
  figuresText,
  formatRetainedInPage,
  unpackRows,
} from '../../src/report/html-client-parts.js'
import type { RetainedMethod } from '../../src/report/model.js'
import { renderSummaryMarkdown } from '../../src/report/summary-md.js'
import { embeddedData } from './embedded-data.js'
import { MB, memory, report, testReport } from './make-report.js'

// One test per way `retainedHeap` is measured; figures far apart so each ranks alike.
function measured(method: RetainedMethod | undefined, retained: number) {
  return {
    ...memory(retained, retained),
    gcForced: method === 'exact' || method === 'at-least',
    ...(method === undefined ? {} : { retainedMethod: method }),
    ...(method === 'at-least' ? { retainedHeapMax: retained * 2 } : {}),
  }
}

const mixed = report([
  testReport('test/a.test.ts', 'exact one', measured('exact', 40 * MB)),
  testReport('test/a.test.ts', 'lower bound one', measured('at-least', 30 * MB)),
  testReport('test/a.test.ts', 'bound one', measured('bound', 1.2 * MB)),
  testReport('test/a.test.ts', 'ungated one', measured('none', 0.5 * MB)),
])
const exactOnly = report([testReport('test/b.test.ts', 'exact', measured('exact', 3 * MB))])

const BOUND_LEGEND = "≤ retained heap: a bound, not a measurement. gc: 'auto' forced no GC"
const AT_LEAST_LEGEND = "≥ retained heap: a lower bound. gc: 'auto' forced a GC at the test's end"

describe("gc: 'auto' bounds are labelled as bounds", () => {
  test('summary.md marks each figure by its method and explains the marks once', () => {
    const markdown = renderSummaryMarkdown(mixed)
    const retained = markdown.slice(markdown.indexOf('### Top tests by retained heap'))
    expect(retained).toContain(
      '| 1 | exact one | test/a.test.ts | +40.0 MB | 140.0 MB | +40.0 MB |',
    )
    expect(retained).toContain(
      '| 2 | lower bound one | test/a.test.ts | +30.0 MB | 130.0 MB | ≥ +30.0 MB |',
    )
    expect(retained).toContain(
      '| 3 | bound one | test/a.test.ts | +1.2 MB | 101.2 MB | ≤ +1.2 MB |',
    )
    expect(retained).toContain(
      '| 4 | ungated one | test/a.test.ts | +512.0 KB | 100.5 MB | +512.0 KB |',
    )
    expect(markdown.split(BOUND_LEGEND)).toHaveLength(2)
    expect(markdown.split(AT_LEAST_LEGEND)).toHaveLength(2)
    expect(markdown.indexOf(BOUND_LEGEND)).toBeLessThan(markdown.indexOf(AT_LEAST_LEGEND))

    const plain = renderSummaryMarkdown(exactOnly)
    expect(plain).toContain('| +3.0 MB |')
    expect(plain).not.toMatch(/[≤≥]/)
  })

  test('report.html: chart values, legends, the table cell and the expanded figures', () => {
    const html = renderHtmlReport(mixed)
    const chart = html.slice(html.indexOf('id="retained-chart"'))
    expect(chart).toContain('>≤ +1.2 MB</text>')
    expect(chart).toContain('>≥ +30.0 MB</text>')
    expect(chart).toContain('>+40.0 MB</text>')
    // Once above the table, once under the retained chart.
    const asHtml = (text: string) => text.replaceAll("'", '&#39;')
    expect(html.split(asHtml(BOUND_LEGEND))).toHaveLength(3)
    expect(html.split(asHtml(AT_LEAST_LEGEND))).toHaveLength(3)

    const data = embeddedData(html)
    const rows = unpackRows(data)
    const cells = rows.map((row) => (row.memory ? formatRetainedInPage(row.memory) : null))
    expect(cells).toEqual(['+40.0 MB', '≥ +30.0 MB', '≤ +1.2 MB', '+512.0 KB'])
    expect(figuresText(rows[2] as (typeof rows)[number], data)).toContain(
      "retained ≤ +1.2 MB (gc: 'auto' bound: at most what the test allocated)",
    )
    expect(figuresText(rows[1] as (typeof rows)[number], data)).toContain(
      "retained ≥ +30.0 MB (gc: 'auto': at least this, no forced GC at the start)",
    )
    expect(figuresText(rows[0] as (typeof rows)[number], data)).toContain('retained +40.0 MB,')

    const plain = renderHtmlReport(exactOnly)
    expect(plain).not.toContain('class="caption retained-legend"')
    expect(plain.slice(plain.indexOf('id="retained-chart"'))).toContain('>+3.0 MB</text>')
  })

  test('the terminal summary keeps the marks in its top retained list', () => {
    const text = formatTerminalSummary(mixed, resolveOptions({}, '/tmp/project'))
    expect(text).toMatch(/Top retained heap \(gc: 'auto': after forced GC; ≤ at most/)
    expect(text).toContain('     ≥ 30.0 MB  test/a.test.ts > lower bound one')
    expect(text).toContain('      ≤ 1.2 MB  test/a.test.ts > bound one')
    expect(text).toContain('       40.0 MB  test/a.test.ts > exact one')
  })
})
