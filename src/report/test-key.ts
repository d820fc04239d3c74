/**
 * How tests are told apart, in one place. Three keys, because three different things are
 * identified; each has one function and one meaning:
 * - {@link testKey}: a test of the suite (file, full name, project). The report, the
 *   baseline, shard merging, the gate and the heap-diff rerun match tests by it.
 * - {@link loggedTestKey}: a test as a worker log names it. A worker does not know its
 *   vitest project, so this is file and full name only; it matches log lines to report rows
 *   and selects tests for a heap diff.
 * - {@link testRunKey}: one run of a test in the logs. A retried or repeated test runs
 *   under a new vitest id, and each run is counted apart.
 * Handle owners (`test:<id>`, `suite:<id>`, `file:<path>` in `plugin/owner-keys.ts`) are not
 * test keys: they name whoever opened a handle, suites and files included.
 */

/** A test of the suite: file, full name and (when set) vitest project. */
export function testKey(test: {
  readonly file: string
  readonly name: string
  readonly project?: string | undefined
}): string {
  // Length-prefixed concatenation: unambiguous like JSON, and several times cheaper, which
  // shows on a 10,000-test report that the gate and the report key four times over.
  return `${test.file.length}:${test.name.length}:${test.file}${test.name}${test.project ?? ''}`
}

/** A test as a worker log names it: file and full name (no project). */
export function loggedTestKey(test: { readonly file: string; readonly name: string }): string {
  return `${test.file.length}:${test.file}${test.name}`
}

/** One run of a test in the logs: file, full name and vitest's task id. */
export function testRunKey(run: {
  readonly file: string
  readonly name: string
  readonly id: string
}): string {
  return `${run.file.length}:${run.name.length}:${run.file}${run.name}${run.id}`
}
