import { testTableScript } from './html-client.js'
import * as parts from './html-client-parts.js'
import { timelineHoverScript } from './html-client-timeline.js'

/**
 * The page's whole script: the helpers and both parts, as source text, run once on load
 * with the embedded data. Its SHA-256 goes into the page's Content-Security-Policy.
 */
export function pageScript(): string {
  const helpers = Object.values(parts).filter((value) => typeof value === 'function')
  const source = [...helpers, testTableScript, timelineHoverScript].map(String)
  return `(() => {
'use strict'
${source.join('\n')}
const data = JSON.parse(document.getElementById('report-data').textContent)
testTableScript(data)
timelineHoverScript(data)
})()`
}
