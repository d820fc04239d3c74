import { ReportInputError } from './errors.js'
import type { Report } from './model.js'
import { testKey } from './test-key.js'

/**
 * Merges the reports of `vitest --shard=i/n` runs into one.
 *
 * A test present in two reports is an error, not last-wins: shards split the suite by
 * file, so a duplicate means the same shard was passed twice or reports from different
 * runs were mixed, and silently keeping one would compare the wrong figures.
 *
 * @param sources - names of the reports (their paths), for error messages
 * @throws {ReportInputError} `DuplicateTest`, naming the test and both sources
 */
export function mergeReports(reports: readonly Report[], sources: readonly string[] = []): Report {
  const [first] = reports
  if (first === undefined) throw new RangeError('mergeReports needs at least one report')
  const seen = new Map<string, string>()
  const tests: Report['tests'] = []
  reports.forEach((report, index) => {
    const source = sources[index] ?? `report #${index + 1}`
    for (const test of report.tests) {
      const key = testKey(test)
      const earlier = seen.get(key)
      if (earlier !== undefined) {
        throw new ReportInputError(
          'DuplicateTest',
          source,
          `test "${test.name}" (${test.file}) is in both ${earlier} and ${source}: pass each shard's report once`,
        )
      }
      seen.set(key, source)
      tests.push(test)
    }
  })
  return {
    schemaVersion: first.schemaVersion,
    createdAt:
      reports
        .map((report) => report.createdAt)
        .sort()
        .at(-1) ?? first.createdAt,
    complete: reports.every((report) => report.complete),
    environment: first.environment,
    tests,
    scopes: reports.flatMap((report) => report.scopes),
  }
}
