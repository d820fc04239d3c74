/// <reference lib="dom" />

import type * as Parts from './html-client-parts.js'
import type { ClientRow } from './html-client-parts.js'
import type { PageData } from './html-data.js'

/*
 * report.html's test table, embedded as source text (see html-client-parts.ts): drawn a
 * page at a time (100 rows of 10,000 render in a few ms, where 10,000 rows of DOM take
 * seconds).
 */

// The helpers are in scope in the page (their source precedes this file's there), not
// imported: an import would be renamed by a bundler or vitest and not exist in the page.
declare const element: typeof Parts.element
declare const formatDeltaInPage: typeof Parts.formatDeltaInPage
declare const formatRetainedInPage: typeof Parts.formatRetainedInPage
declare const formatSizeInPage: typeof Parts.formatSizeInPage
declare const renderDetail: typeof Parts.renderDetail
declare const testLabel: typeof Parts.testLabel
declare const unpackRows: typeof Parts.unpackRows

/** One sortable column of the test table. */
interface Column {
  key: string
  title: string
  numeric: boolean
  /** The value sorted on; `null` sorts last either way. */
  value: (row: ClientRow) => number | string | null
  text: (row: ClientRow) => string
}

/** The table: sort on every column, a filter box, status toggles, pages, expandable rows. */
export function testTableScript(data: PageData): void {
  const PAGE_SIZE = 100
  const rows = unpackRows(data)
  const size = (value: number | null | undefined): string =>
    value === null || value === undefined ? '—' : formatSizeInPage(value)
  const delta = (value: number | null | undefined): string =>
    value === null || value === undefined ? '—' : formatDeltaInPage(value)
  const decisive = (row: ClientRow, cell: 1 | 2 | 3): number | null => row.decisive?.[cell] ?? null
  const columns: Column[] = [
    { key: 'status', title: 'Status', numeric: false, value: (r) => r.status, text: () => '' },
    { key: 'file', title: 'File', numeric: false, value: (r) => r.file, text: (r) => r.file },
    { key: 'name', title: 'Test', numeric: false, value: (r) => r.name, text: (r) => r.name },
    {
      key: 'peakDelta',
      title: 'Peak RSS Δ',
      numeric: true,
      value: (r) => r.memory?.[6] ?? null,
      text: (r) => delta(r.memory?.[6]),
    },
    {
      key: 'retained',
      title: 'Retained heap',
      numeric: true,
      value: (r) => r.memory?.[2] ?? null,
      text: (r) => (r.memory ? formatRetainedInPage(r.memory) : '—'),
    },
    {
      key: 'peak',
      title: 'Peak RSS',
      numeric: true,
      value: (r) => r.memory?.[5] ?? null,
      text: (r) => size(r.memory?.[5]),
    },
  ]
  if (data.gate) {
    const gated = (r: ClientRow): string =>
      r.gate === null
        ? '—'
        : r.gate === 'new'
          ? 'new'
          : r.decisive === null
            ? 'not compared'
            : `${r.decisive[4] ? '▲ ' : ''}${r.decisive[0] === 0 ? 'peak Δ' : 'retained'}`
    columns.push(
      { key: 'gated', title: 'Gated', numeric: false, value: gated, text: gated },
      {
        key: 'baseline',
        title: 'Baseline',
        numeric: true,
        value: (r) => decisive(r, 2),
        text: (r) => delta(decisive(r, 2)),
      },
      {
        key: 'current',
        title: 'Current',
        numeric: true,
        value: (r) => decisive(r, 1),
        text: (r) => delta(decisive(r, 1)),
      },
      {
        key: 'gateDelta',
        title: 'Δ',
        numeric: true,
        value: (r) => (r.decisive === null ? null : r.decisive[1] - r.decisive[2]),
        text: (r) => delta(r.decisive === null ? null : r.decisive[1] - r.decisive[2]),
      },
      {
        key: 'limit',
        title: 'Limit',
        numeric: true,
        value: (r) => decisive(r, 3),
        text: (r) => delta(decisive(r, 3)),
      },
    )
  }

  const state = {
    sort: 'status',
    descending: false,
    filter: '',
    hidden: new Set<number>(),
    page: 0,
    expanded: new Set<number>(),
  }
  const table = document.getElementById('tests-table') as HTMLTableElement
  const headRow = table.tHead?.rows[0] as HTMLTableRowElement
  const body = table.tBodies[0] as HTMLTableSectionElement
  const filter = document.getElementById('filter') as HTMLInputElement
  const count = document.getElementById('table-count') as HTMLElement
  const pageInfo = document.getElementById('page-info') as HTMLElement
  const prev = document.getElementById('page-prev') as HTMLButtonElement
  const next = document.getElementById('page-next') as HTMLButtonElement
  const toggles = document.getElementById('status-toggles') as HTMLElement

  let sorted: ClientRow[] = []
  function sortRows(): void {
    const column = columns.find((c) => c.key === state.sort) ?? columns[0]!
    const sign = state.descending ? -1 : 1
    // The default order (by status) puts the worst peak first within each status.
    const tie = (a: ClientRow, b: ClientRow): number =>
      state.sort === 'status'
        ? (b.memory?.[6] ?? -1e18) - (a.memory?.[6] ?? -1e18)
        : a.index - b.index
    const keyed = rows.map((row) => ({ row, key: column.value(row) }))
    keyed.sort((a, b) => {
      if (a.key === null || b.key === null) {
        return a.key === b.key ? tie(a.row, b.row) : a.key === null ? 1 : -1
      }
      if (a.key < b.key) return -sign
      if (a.key > b.key) return sign
      return tie(a.row, b.row)
    })
    sorted = keyed.map((entry) => entry.row)
  }

  function visibleRows(): ClientRow[] {
    const needle = state.filter.trim().toLowerCase()
    return sorted.filter(
      (row) =>
        !state.hidden.has(row.status) &&
        (needle === '' || testLabel(row).toLowerCase().includes(needle)),
    )
  }

  function renderHead(): void {
    headRow.replaceChildren(element('th', 'expand-col'))
    headRow.firstElementChild?.append(element('span', 'visually-hidden', 'Details'))
    for (const column of columns) {
      const th = element('th', `col-${column.key}${column.numeric ? ' num' : ''}`)
      th.setAttribute('scope', 'col')
      const active = state.sort === column.key
      th.setAttribute(
        'aria-sort',
        active ? (state.descending ? 'descending' : 'ascending') : 'none',
      )
      const button = element('button', 'sort', column.title) as HTMLButtonElement
      button.type = 'button'
      button.dataset.key = column.key
      if (active) button.append(element('span', 'arrow', state.descending ? ' ↓' : ' ↑'))
      button.addEventListener('click', () => {
        // Figures sort largest first on the first click; names and statuses A→Z.
        state.descending = state.sort === column.key ? !state.descending : column.numeric
        state.sort = column.key
        state.page = 0
        sortRows()
        renderHead()
        renderBody()
        ;(headRow.querySelector(`button[data-key="${column.key}"]`) as HTMLElement).focus()
      })
      th.append(button)
      headRow.append(th)
    }
  }

  function renderRow(row: ClientRow): HTMLTableRowElement[] {
    const statusName = data.statuses[row.status] ?? 'ok'
    const tr = element('tr', 'row') as HTMLTableRowElement
    tr.dataset.status = statusName
    const open = state.expanded.has(row.index)
    const expand = element('button', 'expand', open ? '▾' : '▸') as HTMLButtonElement
    expand.type = 'button'
    expand.setAttribute('aria-expanded', String(open))
    expand.setAttribute('aria-label', `Details of ${testLabel(row)}`)
    expand.addEventListener('click', () => {
      if (state.expanded.has(row.index)) state.expanded.delete(row.index)
      else state.expanded.add(row.index)
      renderBody()
      ;(body.querySelector(`tr[data-index="${row.index}"] button.expand`) as HTMLElement).focus()
    })
    tr.dataset.index = String(row.index)
    const first = element('td', 'expand-col')
    first.append(expand)
    tr.append(first)
    for (const column of columns) {
      const td = element('td', `col-${column.key}${column.numeric ? ' num' : ''}`)
      if (column.key === 'status') {
        td.append(
          element(
            'span',
            `badge status-${statusName}`,
            `${data.signs[row.status] ?? ''} ${statusName}`,
          ),
        )
        const stateName = data.states[row.state] ?? ''
        if (stateName !== 'pass') td.append(element('span', 'state', ` ${stateName}`))
      } else {
        td.textContent = column.text(row)
        if (!column.numeric) td.title = td.textContent
      }
      tr.append(td)
    }
    if (!open) return [tr]
    const detail = element('tr', 'detail') as HTMLTableRowElement
    const cell = element('td', '') as HTMLTableCellElement
    cell.colSpan = columns.length + 1
    cell.append(renderDetail(row, data))
    detail.append(cell)
    return [tr, detail]
  }

  function renderBody(): void {
    const visible = visibleRows()
    const pages = Math.max(1, Math.ceil(visible.length / PAGE_SIZE))
    state.page = Math.min(state.page, pages - 1)
    const start = state.page * PAGE_SIZE
    const shown = visible.slice(start, start + PAGE_SIZE)
    const fragment = document.createDocumentFragment()
    for (const row of shown) fragment.append(...renderRow(row))
    body.replaceChildren(fragment)
    count.textContent = `${visible.length} of ${rows.length} tests shown`
    pageInfo.textContent =
      visible.length === 0
        ? 'no test matches'
        : `rows ${start + 1}–${start + shown.length} of ${visible.length}, page ${state.page + 1} of ${pages}`
    prev.disabled = state.page === 0
    next.disabled = state.page >= pages - 1
  }

  function renderToggles(): void {
    const counts = data.statuses.map(() => 0)
    for (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + 1
    data.statuses.forEach((name, index) => {
      const button = element(
        'button',
        `toggle status-${name}`,
        `${data.signs[index] ?? ''} ${name} (${counts[index]})`,
      ) as HTMLButtonElement
      button.type = 'button'
      button.dataset.status = name
      button.setAttribute('aria-pressed', 'true')
      button.addEventListener('click', () => {
        const hide = !state.hidden.has(index)
        if (hide) state.hidden.add(index)
        else state.hidden.delete(index)
        button.setAttribute('aria-pressed', String(!hide))
        state.page = 0
        renderBody()
      })
      toggles.append(button)
    })
  }

  filter.addEventListener('input', () => {
    state.filter = filter.value
    state.page = 0
    renderBody()
  })
  prev.addEventListener('click', () => {
    state.page--
    renderBody()
  })
  next.addEventListener('click', () => {
    state.page++
    renderBody()
  })
  document.addEventListener('keydown', (event) => {
    // `/` jumps to the filter box, as in most report viewers; not while typing elsewhere.
    const target = event.target as HTMLElement | null
    if (event.key === '/' && target?.tagName !== 'INPUT') {
      event.preventDefault()
      filter.focus()
    }
  })
  sortRows()
  renderToggles()
  renderHead()
  renderBody()
  document.body.dataset.ready = 'true'
}
