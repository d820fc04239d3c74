// Small helpers shared by the benchmarks: medians and Markdown tables (the output is
// pasted into BENCHMARKS.md as is, and test/bench/smoke.test.ts checks its shape).

/** The median of a non-empty list of numbers. */
export function median(values) {
  if (values.length === 0) throw new RangeError('median of an empty list')
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** The min–max of a non-empty list, as `a–b` with `digits` decimals. */
export function span(values, digits = 2) {
  return `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`
}

/** A difference with its sign, `+1.25` or `-0.40`: a negative one is not printed `+-0.40`. */
export function signed(value, digits = 2) {
  return `${value < 0 ? '' : '+'}${value.toFixed(digits)}`
}

/** A Markdown table: one header row, a separator, then the rows (cells as strings). */
export function markdownTable(headers, rows) {
  for (const row of rows) {
    if (row.length !== headers.length) {
      throw new RangeError(`row has ${row.length} cells, the header ${headers.length}: ${row}`)
    }
  }
  const line = (cells) => `| ${cells.join(' | ')} |`
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n')
}

/** Formats a duration given in seconds with a unit that keeps 2–3 significant digits. */
export function formatSeconds(seconds) {
  if (seconds >= 1) return `${seconds.toFixed(2)} s`
  if (seconds >= 1e-3) return `${(seconds * 1e3).toFixed(seconds >= 0.1 ? 0 : 1)} ms`
  if (seconds >= 1e-6) return `${(seconds * 1e6).toFixed(seconds >= 1e-4 ? 0 : 1)} µs`
  return `${(seconds * 1e9).toFixed(0)} ns`
}

/** Bytes in one MB as leakguard's reports count it (the `bytes` package: 1024²). */
export const MB = 1024 * 1024

/** Formats bytes in MB of 1024², as the reports do. */
export function formatMB(bytes) {
  return `${(bytes / MB).toFixed(Math.abs(bytes) >= 100 * MB ? 0 : 1)} MB`
}
