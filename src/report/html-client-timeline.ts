/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type * as Parts from './html-client-parts.js'
import type { PageData } from './html-data.js'

// In scope in the page, where the helpers' source precedes this (see html-client-parts.ts).
declare const formatSizeInPage: typeof Parts.formatSizeInPage
declare const testLabel: typeof Parts.testLabel
declare const unpackRows: typeof Parts.unpackRows

/** Shows the test under the pointer on each worker's memory timeline. */
export function timelineHoverScript(data: PageData): void {
  const tip = document.getElementById('timeline-tip') as HTMLElement
  const rows = unpackRows(data)
  for (const svg of document.querySelectorAll<SVGSVGElement>('svg.timeline')) {
    const worker = data.workers[Number(svg.dataset.worker)] ?? []
    const left = Number(svg.dataset.left)
    const width = Number(svg.dataset.width)
    const cursor = svg.querySelector('line.cursor')
    svg.addEventListener('pointermove', (event) => {
      const box = svg.getBoundingClientRect()
      const x = ((event.clientX - box.left) / box.width) * svg.viewBox.baseVal.width
      const step = worker.length > 1 ? width / (worker.length - 1) : width
      const at = Math.min(worker.length - 1, Math.max(0, Math.round((x - left) / step)))
      const row = rows[worker[at] ?? -1]
      if (row === undefined) return
      const status = data.statuses[row.status] ?? 'ok'
      tip.textContent = `${testLabel(row)}: peak RSS ${formatSizeInPage(row.memory?.[5] ?? 0)}, ${status}`
      tip.hidden = false
      tip.style.left = `${Math.min(event.clientX + 12, window.innerWidth - tip.offsetWidth - 8)}px`
      tip.style.top = `${event.clientY + 14}px`
      const cx = String(worker.length > 1 ? left + at * step : left + width / 2)
      cursor?.setAttribute('x1', cx)
      cursor?.setAttribute('x2', cx)
      cursor?.setAttribute('visibility', 'visible')
    })
    svg.addEventListener('pointerleave', () => {
      tip.hidden = true
      cursor?.setAttribute('visibility', 'hidden')
    })
  }
}
