import type { PageData } from '../../src/report/html-data.js'

/** A `report.html`'s embedded data, parsed as the page's own script parses it. */
export function embeddedData(page: string): PageData {
  const match = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(page)
  if (!match?.[1]) throw new Error('no embedded data')
  return JSON.parse(match[1]) as PageData
}
