// report.html at scale: renders a 10,000-test report (bench/report-html/generate.mjs) and
// measures the file's size and how long headless Chromium takes to show it, from
// navigation to the first frame after the table is drawn, plus a sort and a filter.
// A benchmark, not a test: it prints a table and asserts nothing.
//
// Usage: npm run build && node bench/report-html/run.mjs [--tests 10000] [--runs 7]
// Needs Debian's chromium (/usr/bin/chromium) and playwright-core (a dev dependency).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'
import { renderHtmlReport } from '../../dist/src/report/html.js'
import { markdownTable, median, span } from '../lib/table.mjs'
import { largeReport } from './generate.mjs'

const { values } = parseArgs({
  options: {
    tests: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '7' },
  },
})
const tests = Number(values.tests)
const runs = Number(values.runs)
const CHROMIUM = '/usr/bin/chromium'
if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is absent: apt-get install chromium`)

const report = largeReport(tests)
const t0 = performance.now()
const html = renderHtmlReport(report)
const renderMs = performance.now() - t0
const dir = resolve('tmp/bench-report-html')
mkdirSync(dir, { recursive: true })
const file = join(dir, 'report.html')
writeFileSync(file, html)
const bytes = Buffer.byteLength(html)

const browser = await chromium.launch({
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
const samples = { load: [], shown: [], sort: [], filter: [] }
try {
  for (let run = 0; run < runs; run++) {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } })
    const errors = []
    page.on('pageerror', (error) => errors.push(error.message))
    const started = Date.now()
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' })
    // The next frame after load: the table is drawn by then (the script runs before load).
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done))))
    samples.shown.push(Date.now() - started)
    samples.load.push(
      await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd),
    )
    samples.sort.push(
      await page.evaluate(() => {
        const at = performance.now()
        document.querySelector('button.sort[data-key="peakDelta"]').click()
        return performance.now() - at
      }),
    )
    samples.filter.push(
      await page.evaluate(() => {
        const input = document.getElementById('filter')
        const at = performance.now()
        input.value = 'case 12'
        input.dispatchEvent(new Event('input'))
        return performance.now() - at
      }),
    )
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`)
    if ((await page.locator('#tests-table tbody tr').count()) === 0) {
      throw new Error('the table drew no rows')
    }
    await page.close()
  }
} finally {
  await browser.close()
}

const row = (what, list) => [what, `${median(list).toFixed(0)} ms`, `${span(list, 0)} ms`]
console.log(
  `report.html of ${tests.toLocaleString('en-US')} tests: ${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes.toLocaleString('en-US')} bytes), rendered by renderHtmlReport in ${renderMs.toFixed(0)} ms; headless Chromium, ${runs} page loads, viewport 1200×800:\n`,
)
console.log(
  markdownTable(
    ['step', 'median', 'min–max'],
    [
      row('navigation → load event (parse, charts, script, first 100 rows)', samples.load),
      row('navigation → first frame after load, as seen from the driver', samples.shown),
      row('sort 10,000 rows by peak RSS Δ and redraw (a click)', samples.sort),
      row('filter by text and redraw (one keystroke)', samples.filter),
    ],
  ),
)
