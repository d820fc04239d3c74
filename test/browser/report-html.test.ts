import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { renderHtmlReport } from '../../src/report/html.js'
import { MB, memory, report, testReport } from '../report/make-report.js'
import { BREAKOUT, gatedRun, XSS } from './gated-run.js'

const CHROMIUM = '/usr/bin/chromium'
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium) {
  console.warn(`report-html browser test skipped: ${CHROMIUM} is absent (apt-get install chromium)`)
}

const dir = resolve('tmp/report-html')

/** The table's headers (after the expand button) when no test has a gate outcome. */
const UNGATED_COLUMNS = ['Status ↑', 'File', 'Test', 'Peak RSS Δ', 'Retained heap', 'Peak RSS']

/** Headless Chromium, offline: no first-run, sync, update or background requests. */
function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** The text of each visible table row's cell `column` (1-based, after the expand button). */
async function column(page: Page, index: number): Promise<string[]> {
  return page.locator(`#tests-table tbody tr.row td:nth-child(${index + 1})`).allTextContents()
}

describe.skipIf(!hasChromium)('report.html in Chromium', () => {
  let browser: Browser
  const problems: string[] = []
  const requests: string[] = []
  let page: Page
  const file = join(dir, 'report.html')

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true })
    const { run, gate } = gatedRun()
    writeFileSync(file, renderHtmlReport(run, { gate }))
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1200, height: 800 } })
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        problems.push(`console ${message.type()}: ${message.text()}`)
      }
    })
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`)
      void dialog.dismiss()
    })
    page.on('request', (request) => requests.push(request.url()))
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' })
  })

  afterAll(async () => {
    await browser?.close()
  })

  test('the summary leads with the gate verdict, the environment warning and counts by status', async () => {
    await expect.poll(() => page.locator('body').getAttribute('data-ready')).toBe('true')
    expect(await page.locator('#gate-verdict').textContent()).toBe(
      '✗ Gate failed: 2 failures; 6 of 8 tests compared with baseline .leakguard/baseline.json, tolerance 10% with 16.0 MB floor.',
    )
    expect(await page.locator('#environment-warning').textContent()).toContain(
      'the baseline was recorded on darwin arm64',
    )
    const counts = await page.locator('#status-counts li').allTextContents()
    expect(counts).toEqual([
      '▲ regression 1',
      '✗ leak 1',
      '✗ crashed 0',
      '▲ over-limit 0',
      '! oom-risk 0',
      '✓ ok 6',
      'skipped or todo 1',
      'new, no baseline 1',
      'removed since the baseline 1',
    ])
    expect(await page.locator('#attention li').allTextContents()).toEqual([
      '▲ regression test/ensemble.test.ts > ensemble > simulates: peak RSS Δ +412.0 MB, baseline +96.0 MB, limit +112.0 MB',
      '✗ leak test/ensemble.test.ts > ensemble > writes stores: left zarr-dataset "ensemble_daily" open, opened at test/ensemble.test.ts:14:22',
    ])
    expect(await page.locator('#removed-tests li').allTextContents()).toEqual([
      'test/old.test.ts > old > gone',
    ])
  })

  test('the table puts the regression first, with its baseline, current, delta and limit', async () => {
    const headers = await page.locator('#tests-table thead th').allTextContents()
    expect(headers.slice(1)).toEqual([
      ...UNGATED_COLUMNS,
      'Gated',
      'Baseline',
      'Current',
      'Δ',
      'Limit',
    ])
    const first = await page
      .locator('#tests-table tbody tr.row')
      .first()
      .locator('td')
      .allTextContents()
    expect(first.slice(1)).toEqual([
      '▲ regression fail',
      'test/ensemble.test.ts',
      'ensemble > simulates',
      '+412.0 MB',
      '+2.0 MB',
      '562.0 MB',
      '▲ peak Δ',
      '+96.0 MB',
      '+412.0 MB',
      '+316.0 MB',
      '+112.0 MB',
    ])
    expect(await column(page, 2)).toEqual([
      'test/ensemble.test.ts',
      'test/ensemble.test.ts',
      'test/ensemble.test.ts',
      'test/xss.test.ts',
      'test/small.test.ts',
      'test/xss.test.ts',
      'test/small.test.ts',
      'test/small.test.ts',
    ])
    // The new test says so in the gate columns instead of showing figures.
    const newRow = page.locator('#tests-table tbody tr.row', { hasText: 'small > two' })
    expect(await newRow.locator('td.col-gated').textContent()).toBe('new')
    expect(await page.locator('#table-count').textContent()).toBe('8 of 8 tests shown')
  })

  test('every column sorts, largest figure first on the first click', async () => {
    await page.locator('#tests-table th button', { hasText: 'Peak RSS Δ' }).click()
    expect(await page.locator('#tests-table th.col-peakDelta').getAttribute('aria-sort')).toBe(
      'descending',
    )
    expect(await column(page, 4)).toEqual([
      '+412.0 MB',
      '+60.0 MB',
      '+40.0 MB',
      '+30.0 MB',
      '+9.0 MB',
      '+8.0 MB',
      '+4.0 MB',
      '—',
    ])
    await page.locator('#tests-table th button', { hasText: 'Peak RSS Δ' }).click()
    expect(await column(page, 4)).toEqual([
      '+4.0 MB',
      '+8.0 MB',
      '+9.0 MB',
      '+30.0 MB',
      '+40.0 MB',
      '+60.0 MB',
      '+412.0 MB',
      '—',
    ])
    await page.locator('#tests-table th button', { hasText: 'Test' }).click()
    // `</` sorts before `<i`: code-point order, as the other columns.
    expect((await column(page, 3)).slice(0, 2)).toEqual([BREAKOUT, XSS])
    await page.locator('#tests-table th button', { hasText: 'Limit' }).click()
    expect((await column(page, 3))[0]).toBe('ensemble > simulates')
  })

  test('the filter box and the status toggles narrow the table', async () => {
    await page.locator('#filter').fill('small')
    // Still sorted by limit, largest first; tests without one last, in run order.
    expect(await column(page, 3)).toEqual(['small > one', 'small > two', 'small > skipped'])
    expect(await page.locator('#table-count').textContent()).toBe('3 of 8 tests shown')
    await page.locator('#filter').fill('')

    const ok = page.locator('button.toggle[data-status="ok"]')
    expect(await ok.textContent()).toBe('✓ ok (6)')
    await ok.click()
    expect(await ok.getAttribute('aria-pressed')).toBe('false')
    expect((await column(page, 1)).sort()).toEqual(['▲ regression fail', '✗ leak fail'])
    await page.locator('button.toggle[data-status="regression"]').click()
    expect(await column(page, 1)).toEqual(['✗ leak fail'])
    await ok.click()
    await page.locator('button.toggle[data-status="regression"]').click()
    expect(await page.locator('#table-count').textContent()).toBe('8 of 8 tests shown')
  })

  test('a row expands from the keyboard to its leak, open site and stack', async () => {
    await page.locator('#tests-table th button', { hasText: 'Status' }).click()
    // Status sorts regression first, then leak: the second row is the leaking test.
    const expand = page.locator('#tests-table tbody tr.row').nth(1).locator('button.expand')
    expect(await expand.getAttribute('aria-label')).toBe(
      'Details of test/ensemble.test.ts > ensemble > writes stores',
    )
    await expand.focus()
    await page.keyboard.press('Enter')
    expect(await page.locator('#tests-table button.expand[aria-expanded="true"]').count()).toBe(1)
    const detail = page.locator('#tests-table tr.detail')
    expect(await detail.locator('.leak-handle').textContent()).toBe(
      'zarr-dataset "ensemble_daily" (3): open',
    )
    expect(await detail.locator('.leak-site').textContent()).toBe(
      'opened at test/ensemble.test.ts:14:22',
    )
    expect(await detail.locator('pre.source').textContent()).toBe(
      "const ds = await openDataset('ensemble_daily.zarr')",
    )
    expect(await detail.locator('pre.stack').textContent()).toBe(
      'Error\n    at openDataset (src/dataset/open.ts:10:3)\n    at test/ensemble.test.ts:14:22',
    )
    expect(await detail.locator('table.comparisons tr').allTextContents()).toEqual([
      'Gated figureBaselineCurrentΔLimitVerdict',
      'peak RSS Δ+38.0 MB+40.0 MB+2.0 MB+54.0 MB✓ within its limit',
      'retained heap+2.0 MB+2.0 MB+0.0 B+18.0 MB✓ within its limit',
    ])
    // Focus stays on the button, so Enter again closes it (and once more reopens it, for
    // the screenshot below).
    await page.keyboard.press('Enter')
    expect(await page.locator('#tests-table tr.detail').count()).toBe(0)
    await page.keyboard.press('Enter')
    expect(await page.locator('#tests-table tr.detail').count()).toBe(1)
  })

  test('the timeline names the test under the pointer and marks the leak', async () => {
    expect(await page.locator('svg.timeline').count()).toBe(2)
    expect(await page.locator('svg.timeline .mark-leak title').textContent()).toBe(
      'test/ensemble.test.ts > ensemble > writes stores: leaked, peak RSS 180.0 MB',
    )
    const first = page.locator('svg.timeline').first()
    await first.scrollIntoViewIfNeeded()
    const box = await first.boundingBox()
    if (box === null) throw new Error('the timeline has no box')
    // pid 102 has 4 tests; the first panel is the busiest worker. Its right end is the last.
    await page.mouse.move(box.x + box.width * 0.95, box.y + box.height / 2)
    expect(await page.locator('#timeline-tip').textContent()).toBe(
      'test/small.test.ts > small > two: peak RSS 93.0 MB, ok',
    )
  })

  test('hostile names stay text, nothing else is fetched, and the console is clean', async () => {
    expect(await page.locator('img').count()).toBe(0)
    expect(await page.locator('script').count()).toBe(2)
    await page.locator('#filter').fill('script')
    expect(await column(page, 3)).toEqual([BREAKOUT])
    await page.locator('#filter').fill('')
    expect(await page.locator('#gate-verdicts li').allTextContents()).toEqual([
      expect.stringMatching(/^WARNING: the baseline was recorded on darwin arm64/),
      expect.stringMatching(/^ERROR: test "ensemble > writes stores" left 1 handle open/),
      'ERROR: test "ensemble > simulates" peaked +412.0 MB, baseline +96.0 MB (+329%, tolerance 10% with 16.0 MB floor) for test/ensemble.test.ts',
      'INFO: new test "small > two" has no baseline yet for test/small.test.ts',
      'INFO: test "old > gone" is in the baseline but did not run for test/old.test.ts',
      'leakguard gate: 2 failed, 6 of 8 tests compared with the baseline (tolerance 10% with 16.0 MB floor)',
    ])
    expect(requests).toEqual([pathToFileURL(file).href])
    expect(problems).toEqual([])

    // The artifact: the whole page. For the README, a 1200×800 view of the top of a
    // report with a leak (expanded) and a regression: LEAKGUARD_UPDATE_DOCS=1 rewrites it.
    await page.screenshot({ path: join(dir, 'report-html.png'), fullPage: true })
    if (process.env.LEAKGUARD_UPDATE_DOCS === '1') {
      await page.locator('#filter').blur()
      await page.evaluate(() => window.scrollTo(0, 0))
      await page.screenshot({ path: resolve('docs/report.png') })
    }
  })
})

describe.skipIf(!hasChromium)('report.html without a gate', () => {
  test('draws the table without gate columns, and says the gate did not run', async () => {
    const run = report([
      testReport('test/a.test.ts', 'a', memory(4 * MB, 0), {}),
      testReport('test/b.test.ts', 'b', memory(9 * MB, 0), {}),
    ])
    const file = join(dir, 'no-gate.html')
    mkdirSync(dir, { recursive: true })
    writeFileSync(file, renderHtmlReport(run))
    const browser = await launchChromium()
    try {
      const page = await browser.newPage()
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(error.message))
      await page.goto(pathToFileURL(file).href)
      expect(await page.locator('#gate-verdict').count()).toBe(0)
      expect(await page.locator('.verdict').textContent()).toContain('Gate: did not run')
      const headers = await page.locator('#tests-table thead th').allTextContents()
      expect(headers.slice(1)).toEqual(UNGATED_COLUMNS)
      expect(await page.locator('#tests-table tbody tr.row').count()).toBe(2)
      expect(errors).toEqual([])
    } finally {
      await browser.close()
    }
  })
})
