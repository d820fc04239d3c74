import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { leakAnnotations, verdictAnnotations } from '../../src/report/annotations.js'
import { chartLabel, TOP_N } from '../../src/report/charts-svg.js'
import { MAX_WORKERS } from '../../src/report/charts-timeline.js'
import { escapeMarkdown } from '../../src/report/escape.js'
import { runGate } from '../../src/report/gate.js'
import { renderHtmlReport } from '../../src/report/html.js'
import { formatSizeInPage } from '../../src/report/html-client-parts.js'
import { scriptJson } from '../../src/report/html-data.js'
import { writeHumanReports } from '../../src/report/human-reports.js'
import { formatSize } from '../../src/report/size.js'
import { renderSummaryMarkdown } from '../../src/report/summary-md.js'
import { embeddedData } from './embedded-data.js'
import { leakEntry, MB, memory, report, testReport } from './make-report.js'

const XSS = '<img src=x onerror=alert(1)>'
const run = report([
  testReport('test/ensemble.test.ts', 'ensemble > writes stores', memory(412 * MB, 40 * MB), {
    status: 'leak',
    state: 'fail',
    leaks: [leakEntry('3', 'ensemble_daily', 'test/ensemble.test.ts:14:22')],
  }),
  testReport('test/xss.test.ts', XSS, memory(30 * MB, 2 * MB), { pid: 11 }),
  testReport('test/small.test.ts', 'small | pipe', memory(4 * MB, 50 * MB)),
  testReport('test/small.test.ts', 'skipped', null, { state: 'skip' }),
])

describe('summary.md', () => {
  const markdown = renderSummaryMarkdown(run, { gate: runGate(run) })

  test('lists leaks with their open site and source line first', () => {
    expect(markdown).toContain(
      [
        '### Leaks',
        '',
        '**Test ensemble &gt; writes stores** (test/ensemble.test.ts)',
        '',
        '- zarr-dataset "ensemble\\_daily" (3) opened at `test/ensemble.test.ts:14:22`',
        '  <pre>const ds = await openDataset(&#39;ensemble\\_daily.zarr&#39;)</pre>',
      ].join('\n'),
    )
    expect(markdown.indexOf('### Leaks')).toBeLessThan(
      markdown.indexOf('### Top tests by peak RSS'),
    )
  })

  test('ranks tests by peak and by retained heap, escaping names', () => {
    expect(markdown).toContain(
      '| 1 | ensemble &gt; writes stores | test/ensemble.test.ts | +412.0 MB | 512.0 MB | +40.0 MB |',
    )
    const retained = markdown.slice(markdown.indexOf('### Top tests by retained heap'))
    expect(retained).toContain(
      '| 1 | small \\| pipe | test/small.test.ts | +4.0 MB | 104.0 MB | +50.0 MB |',
    )
    expect(markdown).toContain('| 3 | &lt;img src=x onerror=alert(1)&gt; |')
    expect(markdown).not.toContain(XSS)
  })

  test('ends with the gate', () => {
    expect(markdown).toMatch(
      /### Gate\n\n```text\nERROR: test "ensemble > writes stores" left 1 handle open/,
    )
  })

  test('a leak that held memory says how much, in summary.md and report.html', () => {
    const held = report([
      testReport('test/held.test.ts', 'keeps a cache', memory(20 * MB, 0), {
        status: 'leak',
        leaks: [leakEntry('7', 'cached', 'test/held.test.ts:3:9', { heldBytes: 12 * MB })],
      }),
    ])
    expect(renderSummaryMarkdown(held)).toContain(
      '- zarr-dataset "cached" (7) opened at `test/held.test.ts:3:9`, holding 12.0 MB',
    )
    expect(renderHtmlReport(held)).toContain('open, holding 12.0 MB')
  })

  test('escapes markdown syntax in names', () => {
    expect(escapeMarkdown('a*b_c`d|e\nf')).toBe('a\\*b\\_c\\`d\\|e f')
  })
})

describe('GitHub annotations', () => {
  test('put each leak on its open site', () => {
    expect(leakAnnotations(run)).toEqual([
      '::error file=test/ensemble.test.ts,line=14,col=22,title=leakguard%3A leak::test "ensemble > writes stores" (test/ensemble.test.ts) left zarr-dataset "ensemble_daily" (3) open. Close it, or hold it with `await using`.',
    ])
  })

  test('escape %, CR and LF in messages, and also : and , in properties', () => {
    const odd = report([
      testReport('t,1:x.ts', '100%\r\ndone', memory(0, 0), {
        leaks: [leakEntry('1', 'a,b', 'C:\\dir,1\\t.ts:3:4')],
      }),
    ])
    expect(leakAnnotations(odd)).toEqual([
      '::error file=C%3A\\dir%2C1\\t.ts,line=3,col=4,title=leakguard%3A leak::test "100%25%0D%0Adone" (t,1:x.ts) left zarr-dataset "a,b" (1) open. Close it, or hold it with `await using`.',
    ])
  })

  test('put other gate failures on their file', () => {
    const over = report([
      testReport('test/big.test.ts', 'big', memory(0, 0), { status: 'over-limit' }),
    ])
    expect(verdictAnnotations(runGate(over))).toEqual([
      '::error file=test/big.test.ts,title=leakguard%3A over-limit::ERROR: test "big" went over its memory limit for test/big.test.ts',
    ])
  })
})

describe('report.html', () => {
  const html = renderHtmlReport(run, { gate: runGate(run) })
  const BREAKOUT = '</script><script>alert(2)</script>'

  test('shows a hostile test name as text, everywhere', () => {
    expect(html).not.toContain(XSS)
    expect(html).not.toMatch(/<img/i)
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })

  test('a name that closes a script element stays inside the embedded JSON, intact', () => {
    const page = renderHtmlReport(
      report([testReport('test/x.test.ts', BREAKOUT, memory(MB, 0), { status: 'leak' })]),
    )
    expect(page.match(/<script/g)).toHaveLength(2)
    expect(page.match(/<\/script>/g)).toHaveLength(2)
    expect(page).toContain('\\u003c/script\\u003e\\u003cscript\\u003ealert(2)')
    expect(embeddedData(page).rows[0]?.[1]).toBe(BREAKOUT)
    expect(JSON.parse(scriptJson('a\u2028b<&>'))).toBe('a\u2028b<&>')
  })

  test('the Content-Security-Policy allows the one inline script by its hash, and no network', () => {
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? ''
    const hash = createHash('sha256').update(script).digest('base64')
    expect(html).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'"`,
    )
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//)
    // No event-handler attribute anywhere in the markup (the script binds its own).
    expect(html.slice(0, html.indexOf('<script'))).not.toMatch(/<[^>]*\son[a-z]+=/i)
  })

  test('embeds one row per test with its figures, and draws top charts and timeline points', () => {
    const data = embeddedData(html)
    expect(data.rows.map((row) => [data.files[row[0]], row[1], data.statuses[row[2]]])).toEqual([
      ['test/ensemble.test.ts', 'ensemble > writes stores', 'leak'],
      ['test/xss.test.ts', XSS, 'ok'],
      ['test/small.test.ts', 'small | pipe', 'ok'],
      ['test/small.test.ts', 'skipped', 'ok'],
    ])
    expect(data.rows[0]?.[7]?.[6]).toBe(412 * MB)
    expect(data.rows[0]?.[9]?.leaks?.[0]).toMatchObject({
      openedAt: 'test/ensemble.test.ts:14:22',
      source: "const ds = await openDataset('ensemble_daily.zarr')",
    })
    expect(data.rows[3]?.[7]).toBeNull()
    expect(html.match(/class="bar-peak"/g)).toHaveLength(3)
    expect(html.match(/class="bar-retained"/g)).toHaveLength(3)
    // Three workers (one pid, two files without one) of one test each: one point each.
    expect(html.match(/class="point"/g)).toHaveLength(3)
    expect(html.match(/class="mark-leak"/g)).toHaveLength(1)
  })

  test('top charts keep the 20 largest of many, labelled file > name', () => {
    const many = report(
      Array.from({ length: 30 }, (_, i) =>
        testReport(`test/f${i % 3}.test.ts`, `case ${i}`, memory(i * MB, (30 - i) * MB)),
      ),
    )
    const page = renderHtmlReport(many)
    expect(page.match(/class="bar-peak"/g)).toHaveLength(TOP_N)
    expect(page.match(/class="bar-retained"/g)).toHaveLength(TOP_N)
    expect(page).toContain('>test/f2.test.ts &gt; case 29</text>')
    expect(page).toContain('The 20 largest of 30 measured tests')
  })

  test('long chart labels keep the end of the file and the start of the name', () => {
    expect(
      chartLabel(
        { file: 'test/very/deep/folder/module.test.ts', name: `suite > ${'x'.repeat(80)}` },
        40,
      ),
    ).toBe('…/module.test.ts > suite > xxxxxxxxxxxx…')
  })

  test('draws at most 12 worker timelines and says how many more there were', () => {
    const workers = report(
      Array.from({ length: 15 }, (_, i) =>
        testReport('test/w.test.ts', `t${i}`, memory(MB, 0), { pid: 100 + i }),
      ),
    )
    const page = renderHtmlReport(workers)
    expect(page.match(/<svg class="chart timeline"/g)).toHaveLength(MAX_WORKERS)
    expect(page).toContain('3 more workers (3 tests) are not drawn')
    expect(embeddedData(page).workers).toHaveLength(MAX_WORKERS)
  })

  test('the page formats sizes as the other reports do', () => {
    for (const value of [
      0,
      1,
      512,
      1023,
      1024,
      1536,
      MB - 1,
      MB,
      412 * MB,
      3e9,
      1.2e12,
      2e15,
      -12.5 * MB,
    ]) {
      expect(formatSizeInPage(value)).toBe(formatSize(value))
    }
  })

  test('a 10,000-test report with leaks and gate outcomes stays under 5 MB', () => {
    const tests = Array.from({ length: 10_000 }, (_, i) =>
      testReport(
        `test/area-${i % 17}/module-${Math.floor(i / 50)}.test.ts`,
        `suite > case ${i}: reads a window`,
        memory(i * 3000, i * 100, 100 * MB + i * 1000),
        {
          pid: 4000 + (i % 4),
          ...(i % 100 === 0
            ? {
                status: 'leak' as const,
                leaks: [leakEntry(`h${i}`, `store-${i}`, 'test/a.test.ts:3:9')],
              }
            : {}),
          gate: {
            baseline: 'compared',
            comparisons: [
              {
                metric: 'peakRssDelta',
                current: i * 3000,
                baseline: i * 2900,
                limit: i * 2900 + 16 * MB,
                delta: i * 100,
                regressed: false,
              },
              {
                metric: 'retainedHeap',
                current: i * 100,
                baseline: i * 100,
                limit: i * 100 + 16 * MB,
                delta: 0,
                regressed: false,
              },
            ],
          },
        },
      ),
    )
    const bytes = Buffer.byteLength(renderHtmlReport(report(tests)))
    expect(bytes).toBeLessThan(5 * MB)
  })
})

describe('writeHumanReports', () => {
  test('writes both files atomically and appends the summary to $GITHUB_STEP_SUMMARY', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leakguard-human-'))
    const stepSummary = join(dir, 'step-summary.md')
    writeFileSync(stepSummary, '# earlier step\n')
    const result = writeHumanReports(run, join(dir, 'out'), {
      env: { GITHUB_STEP_SUMMARY: stepSummary, GITHUB_ACTIONS: 'true' },
    })
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['report.html', 'summary.md'])
    const summary = readFileSync(result.summaryPath, 'utf8')
    expect(readFileSync(stepSummary, 'utf8')).toBe(`# earlier step\n${summary}\n`)
    expect(result.annotations).toHaveLength(1)
  })

  test('outside GitHub Actions: no step summary, no annotations', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leakguard-human-'))
    const result = writeHumanReports(run, dir, { env: {} })
    expect(result).toMatchObject({ stepSummary: false, annotations: [] })
  })
})
