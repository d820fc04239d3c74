// The kinds benchmarks' one measurement: the same calls with handle kinds installed
// (tracked) and not installed (untracked), alternated A B B A … in one process, and what
// installing the kinds alone costs a worker.
import { alternate } from './alternate.mjs'
import { median, signed, span } from './table.mjs'

/**
 * Runs `body` (`calls` calls) `pairs` × 2 times, after `install()` on the tracked side and
 * with `uninstall()` after it, alternated with the same `body` untracked. Returns each side's
 * µs per call on `now` (a clock in µs), as `[tracked, untracked]`. The install and uninstall
 * are outside the timed span.
 */
export function timeTracked({ pairs, now, install, uninstall, calls, body }) {
  return alternate(pairs, 2, async (side) => {
    const tracked = side === 0
    if (tracked) await install()
    const start = now()
    await body()
    const us = (now() - start) / calls
    if (tracked) await uninstall()
    return us
  })
}

/** One row for µs per call tracked vs untracked: medians, min–max, and the difference. */
export function trackedRow(label, tracked, untracked) {
  const mOn = median(tracked)
  const mOff = median(untracked)
  return `${label.padEnd(38)} tracked ${mOn.toFixed(2).padStart(7)} µs (${span(tracked)})  untracked ${mOff
    .toFixed(2)
    .padStart(7)} µs (${span(untracked)})  ${signed(mOn - mOff)} µs/call`
}

/**
 * Times `install()` + `uninstall()` `rounds` times on `now` and returns the row for them:
 * all that a test file which opens nothing pays for the kinds, once a worker.
 */
export async function installRow(rounds, now, install, uninstall) {
  const times = []
  for (let i = 0; i < rounds; i++) {
    const start = now()
    await install()
    await uninstall()
    times.push(now() - start)
  }
  return `${'install + uninstall (once a worker)'.padEnd(38)} ${median(times).toFixed(1)} µs (${span(times)})`
}
