import type { TestReport, TestStatus } from './model.js'

/** Every status, in the order a human reads them: worst first. */
export const STATUS_ORDER: readonly TestStatus[] = [
  'crashed',
  'leak',
  'over-limit',
  'regression',
  'oom-risk',
  'ok',
]

/** How many tests have each status. */
export type StatusCounts = Record<TestStatus, number>

/** Counts the tests by status. Pure. */
export function countStatuses(tests: readonly Pick<TestReport, 'status'>[]): StatusCounts {
  const counts: StatusCounts = {
    crashed: 0,
    leak: 0,
    'over-limit': 0,
    regression: 0,
    'oom-risk': 0,
    ok: 0,
  }
  for (const test of tests) counts[test.status]++
  return counts
}

/**
 * One line with the tests by status, the same in the terminal, `summary.md` and
 * `leakguard analyze`: `12 tests: 9 ok, 1 regression, 1 leak, 1 crashed`. Statuses no
 * test has are left out. Pure.
 */
export function formatStatusCounts(counts: StatusCounts): string {
  const total = STATUS_ORDER.reduce((sum, status) => sum + counts[status], 0)
  const parts = [...STATUS_ORDER]
    .reverse()
    .filter((status) => counts[status] > 0)
    .map((status) => `${counts[status]} ${status}`)
  return `${total === 1 ? '1 test' : `${total} tests`}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`
}
