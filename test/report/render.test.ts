import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { leakAnnotations, verdictAnnotations } from '../../src/report/annotations.js'
import { escapeMarkdown } from '../../src/report/escape.js'
import { runGate } from '../../src/report/gate.js'
import { renderHtmlReport } from '../../src/report/html.js'
import { writeHumanReports } from '../../src/report/human-reports.js'
import { renderSummaryMarkdown } from '../../src/report/summary-md.js'
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

  test('shows a hostile test name as text, everywhere', () => {
    expect(html).not.toContain(XSS)
    expect(html).not.toMatch(/<img/i)
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })

  test('draws one bar pair per measured test and one timeline point each', () => {
    expect(html.match(/class="bar-peak"/g)).toHaveLength(3)
    expect(html.match(/class="bar-retained"/g)).toHaveLength(3)
    expect(html.match(/class="point"/g)).toHaveLength(3)
  })

  test('needs nothing from the network', () => {
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//)
    expect(html).toContain("default-src 'none'")
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
