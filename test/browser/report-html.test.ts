import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { expect, test } from 'vitest'
import { runGate } from '../../src/report/gate.js'
import { renderHtmlReport } from '../../src/report/html.js'
import { leakEntry, MB, memory, report, testReport } from '../report/make-report.js'

const CHROMIUM = '/usr/bin/chromium'
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium) {
  console.warn(`report-html browser test skipped: ${CHROMIUM} is absent (apt-get install chromium)`)
}

const XSS = '<img src=x onerror=alert(1)>'

test.skipIf(!hasChromium)(
  'report.html renders its charts from disk, with no network and no errors',
  async () => {
    const tests = [
      testReport('test/ensemble.test.ts', 'ensemble > writes stores', memory(412 * MB, 40 * MB), {
        pid: 101,
        status: 'leak',
        leaks: [leakEntry('3', 'ensemble_daily', 'test/ensemble.test.ts:14:22')],
      }),
      testReport(
        'test/ensemble.test.ts',
        'ensemble > simulates',
        memory(96 * MB, 2 * MB, 150 * MB),
        { pid: 101 },
      ),
      testReport('test/xss.test.ts', XSS, memory(30 * MB, 12 * MB, 90 * MB), { pid: 102 }),
      testReport('test/small.test.ts', 'small > one', memory(4 * MB, 0, 80 * MB), { pid: 102 }),
      testReport('test/small.test.ts', 'small > two', memory(9 * MB, 1 * MB, 84 * MB), {
        pid: 102,
      }),
      testReport('test/small.test.ts', 'small > skipped', null, { state: 'skip' }),
    ]
    const run = report(tests)
    const dir = resolve('tmp/report-html')
    mkdirSync(dir, { recursive: true })
    const file = join(dir, 'report.html')
    writeFileSync(file, renderHtmlReport(run, { gate: runGate(run) }))

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    })
    try {
      const page = await browser.newPage({ viewport: { width: 1040, height: 900 } })
      const problems: string[] = []
      const requests: string[] = []
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`)
      })
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
      page.on('dialog', (dialog) => {
        problems.push(`dialog: ${dialog.message()}`)
        void dialog.dismiss()
      })
      page.on('request', (request) => requests.push(request.url()))
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' })

      const measured = tests.filter((t) => t.memory !== null).length
      expect(await page.locator('#peak-chart rect.bar-peak').count()).toBe(measured)
      expect(await page.locator('#peak-chart rect.bar-retained').count()).toBe(measured)
      expect(await page.locator('#timeline-chart circle.point').count()).toBe(measured)
      // The largest bar spans real width: the chart is drawn with data, not empty.
      const widest = await page.locator('#peak-chart rect.bar-peak').first().boundingBox()
      expect(widest?.width ?? 0).toBeGreaterThan(300)

      // The hostile name is shown as text and never became an element.
      expect(await page.locator('img').count()).toBe(0)
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees
      expect(await page.locator('body').innerText()).toContain(XSS)
      expect(await page.locator('#leaks tbody tr').count()).toBe(1)

      await page.screenshot({ path: join(dir, 'report-html.png'), fullPage: true })
      expect(problems).toEqual([])
      expect(requests).toEqual([pathToFileURL(file).href])
    } finally {
      await browser.close()
    }
  },
)
