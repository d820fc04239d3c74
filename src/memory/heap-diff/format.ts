import { formatSize } from '../size.js'
import type { HeapDiffResult } from './heap-diff.js'

let counts: Intl.NumberFormat | undefined

/** `10,000`. The formatter is built on first use: building it costs ~14 ms at import. */
function formatCount(count: number): string {
  counts ??= new Intl.NumberFormat('en-US')
  return counts.format(count)
}

/** One heap diff row: `+10,000 Float64Array 1.5 MB`. */
export function formatHeapDiffRow(row: {
  readonly count: number
  readonly constructor: string
  readonly bytes: number
}): string {
  return `+${formatCount(row.count)} ${row.constructor} ${formatSize(row.bytes)}`
}

/**
 * Formats the top rows of a heap diff, one line each, largest retained bytes first:
 * `+10,000 Float64Array 1.5 MB`. When rows are left out, a last line says how many, e.g.
 * `… 12 more constructors`. Returns no lines when nothing was added. Pure.
 *
 * @param top how many rows to show @default 5
 */
export function formatHeapDiff(result: HeapDiffResult, top = 5): string[] {
  const shown = result.added.slice(0, Math.max(0, top))
  const lines = shown.map(formatHeapDiffRow)
  const rest = result.added.length - shown.length
  if (rest > 0) lines.push(`… ${formatCount(rest)} more constructor${rest === 1 ? '' : 's'}`)
  return lines
}
