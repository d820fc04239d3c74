/**
 * The worker's open-fd count between tests, the one place it is cached.
 *
 * Why: a count is a syscall (an `fstat`, ~1 µs; a listing, ~10–30 µs, where the kernel is
 * older than 6.2). A sequential test's start count is the previous test's end count, so it
 * is read once per test instead of twice, as long as
 * nothing ran in between that could open or close files: no suite hook (`beforeAll`,
 * `afterAll`) and no other test at the same time (`concurrent`).
 */
export class FdCache {
  /** The count at the last test's end; `undefined` when stale. */
  #between: number | null | undefined
  /** Tests between their start and end snapshots. */
  #running = 0

  /** At a test's start: the count it may reuse (`undefined`: count afresh). */
  testStarting(): number | null | undefined {
    const known = this.#running === 0 ? this.#between : undefined
    this.#running++
    return known
  }

  /** At a test's end, with the count its end snapshot read. */
  testEnded(fds: number | null): void {
    this.#running--
    this.#between = this.#running === 0 ? fds : undefined
  }

  /** Tests started and not yet ended in this worker: more than one only when concurrent. */
  get running(): number {
    return this.#running
  }

  /** A suite hook may open or close files: the next test counts afresh. */
  invalidate(): void {
    this.#between = undefined
  }
}
