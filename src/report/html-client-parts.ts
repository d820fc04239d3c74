/// <reference lib="dom" />
import type { PageComparison, PageData, PageDetail, PageMemory } from './html-data.js'

/*
 * Helpers of report.html's script. Each function is embedded in the page as its source
 * text (`Function.prototype.toString`), so none may use an import or a module-level
 * value: they call each other by name, declared below where they live in another file.
 * Text from the run is always set with `textContent`, never parsed as markup.
 */

/** A test row as the page's script sees it: the embedded array, unpacked once. */
export interface ClientRow {
  index: number
  file: string
  name: string
  /** Index into `PageData.statuses`, which is also its rank. */
  status: number
  state: number
  project: string | null
  duration: number | null
  pid: number | null
  memory: PageMemory | null
  /** `null`: the gate did not run for it; `new`: no baseline; else its comparisons. */
  gate: 'new' | PageComparison[] | null
  /** The comparison shown in the gate columns: a regressed one, else the nearest its limit. */
  decisive: PageComparison | null
  detail: PageDetail | null
}

/** Bytes as the other reports print them (binary units, one decimal): `412.0 MB`. */
export function formatSizeInPage(value: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB']
  const magnitude = Math.abs(value)
  let unit = 0
  while (unit < units.length - 1 && magnitude >= 1024 ** (unit + 1)) unit++
  return `${value < 0 ? '-' : ''}${(magnitude / 1024 ** unit).toFixed(1)} ${units[unit]}`
}

/** A signed change: `+412.0 MB`, `-3.0 MB`. */
export function formatDeltaInPage(value: number): string {
  return value < 0 ? formatSizeInPage(value) : `+${formatSizeInPage(value)}`
}

/**
 * A test's retained heap as the page shows it: `≤ +1.2 MB` for a `gc: 'auto'` bound,
 * `≥ +29.5 MB` for a lower bound, else the signed figure (as summary.md prints it).
 */
export function formatRetainedInPage(memory: PageMemory): string {
  const mark = memory[11] === 1 ? '≤ ' : memory[11] === 2 ? '≥ ' : ''
  return `${mark}${formatDeltaInPage(memory[2])}`
}

/** A new element with a class and text (set as text, never as markup). */
export function element(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text !== undefined) node.textContent = text
  return node
}

/** `file > name`, with the project when there is one: how the page names a test. */
export function testLabel(row: ClientRow): string {
  return `${row.project === null ? '' : `[${row.project}] `}${row.file} > ${row.name}`
}

/** Unpacks the embedded rows and picks each one's decisive gate comparison. */
export function unpackRows(data: PageData): ClientRow[] {
  return data.rows.map((cells, index) => {
    const gateCell = cells[8]
    const comparisons = gateCell === null || gateCell[0] === 1 ? [] : gateCell[1]
    let decisive: PageComparison | null = null
    // A regressed figure wins; among equals, the one furthest past (or nearest) its limit.
    const score = (c: PageComparison): number =>
      c[4] * 1e18 + (c[3] > 0 ? c[1] / c[3] : c[1] - c[3])
    for (const comparison of comparisons) {
      if (decisive === null || score(comparison) > score(decisive)) decisive = comparison
    }
    return {
      index,
      file: data.files[cells[0]] ?? '',
      name: cells[1],
      status: cells[2],
      state: cells[3],
      project: cells[4],
      duration: cells[5],
      pid: cells[6],
      memory: cells[7],
      gate: gateCell === null ? null : gateCell[0] === 1 ? 'new' : gateCell[1],
      decisive,
      detail: cells[9],
    }
  })
}

/** The expanded view of one test: its leaks with open site and stack, heap diff, gate, figures. */
export function renderDetail(row: ClientRow, data: PageData): HTMLElement {
  const box = element('div', 'detail-box')
  const leaks = row.detail?.leaks ?? []
  if (leaks.length > 0) {
    box.append(
      element('h3', '', leaks.length === 1 ? '1 leaked handle' : `${leaks.length} leaked handles`),
    )
    for (const leak of leaks) {
      const item = element('div', 'leak')
      const held = leak.held === undefined ? '' : `, holding ${formatSizeInPage(leak.held)}`
      item.append(
        element(
          'div',
          'leak-handle',
          `${leak.kind} "${leak.label}" (${leak.id}): ${leak.state}${held}`,
        ),
      )
      if (leak.allowed !== undefined)
        item.append(element('div', 'info', `allowed: ${leak.allowed}`))
      const opened = element('div', 'leak-site', 'opened at ')
      opened.append(element('code', '', leak.openedAt))
      item.append(opened)
      if (leak.source !== undefined) item.append(element('pre', 'source', leak.source))
      if (leak.fix !== undefined) item.append(element('div', 'info', `Fix: ${leak.fix}`))
      item.append(element('pre', 'stack', leak.stack))
      box.append(item)
    }
  }
  const notes = row.detail?.notes ?? []
  if (notes.length > 0) {
    box.append(element('h3', '', 'Notes'))
    const list = element('ul', '')
    for (const note of notes) list.append(element('li', '', note))
    box.append(list)
  }
  const heap = row.detail?.heap
  if (heap !== undefined) {
    box.append(element('h3', '', `What was kept (${heap.source})`))
    box.append(
      element('pre', 'heap-diff', heap.lines.join('\n') || 'nothing added and still alive'),
    )
  }
  if (row.gate === 'new') box.append(element('p', 'info', 'Gate: new test, no baseline yet.'))
  else if (row.gate !== null && row.gate.length > 0) box.append(renderComparisons(row.gate))
  box.append(element('p', 'figures', figuresText(row, data)))
  return box
}

/** The gate's comparisons of one test, one line per figure. */
export function renderComparisons(comparisons: PageComparison[]): HTMLElement {
  const table = element('table', 'comparisons')
  const head = element('tr', '')
  for (const title of ['Gated figure', 'Baseline', 'Current', 'Δ', 'Limit', 'Verdict']) {
    head.append(element('th', '', title))
  }
  table.append(head)
  for (const [metric, current, baseline, limit, regressed] of comparisons) {
    const line = element('tr', regressed ? 'regressed' : '')
    for (const text of [
      metric === 0 ? 'peak RSS Δ' : 'retained heap',
      formatDeltaInPage(baseline),
      formatDeltaInPage(current),
      formatDeltaInPage(current - baseline),
      formatDeltaInPage(limit),
      regressed ? '▲ over its limit' : '✓ within its limit',
    ]) {
      line.append(element('td', '', text))
    }
    table.append(line)
  }
  return table
}

/** One line of the remaining figures: heap and RSS before and after, peak method, fds. */
export function figuresText(row: ClientRow, data: PageData): string {
  const parts: string[] = [`state ${data.states[row.state] ?? '?'}`]
  if (row.duration !== null) parts.push(`${row.duration.toFixed(0)} ms`)
  if (row.pid !== null) parts.push(`pid ${row.pid}`)
  const m = row.memory
  if (m === null) return `${parts.join(', ')}; no memory figures.`
  parts.push(
    `heap ${formatSizeInPage(m[0])} → ${formatSizeInPage(m[1])}${m[9] ? ' (forced GC)' : ''}`,
    `retained ${formatRetainedInPage(m)}${m[11] === 1 ? " (gc: 'auto' bound: at most what the test allocated)" : m[11] === 2 ? " (gc: 'auto': at least this, no forced GC at the start)" : ''}`,
    `RSS ${formatSizeInPage(m[3])} → ${formatSizeInPage(m[4])}`,
    `peak ${formatSizeInPage(m[5])} (${data.methods[m[7]] ?? '?'}${m[10] ? ', shared process' : ''})`,
  )
  if (m[8] !== null) parts.push(`fd Δ ${m[8]}`)
  return `${parts.join(', ')}.`
}
