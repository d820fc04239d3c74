import { mkdirSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { untracked } from '../src/handles/kinds/untracked.js'
import type { LogEvent } from '../src/report/log-events.js'
import { currentThreadId } from '../src/thread.js'

/**
 * This worker's own JSONL log, `<outDir>/workers/<pid>-<threadId>.jsonl`.
 *
 * Each line is written with a synchronous `write` to a file opened in append mode, so it
 * is in the kernel before the test goes on (it survives SIGKILL, not a power cut):
 * when the worker is OOM-killed, its last `test-start` names the test it was running.
 * One file per worker, so workers never clobber each other; the reporter merges them.
 */
export class WorkerLog {
  readonly path: string
  readonly #fd: number
  /** Lines held for the next write (see {@link later}). */
  #held = ''

  /** Opens the log now, so a test's fd count is not disturbed by its first line. */
  constructor(outDir: string) {
    this.path = join(outDir, 'workers', `${process.pid}-${currentThreadId()}.jsonl`)
    mkdirSync(join(outDir, 'workers'), { recursive: true })
    // Kept open for the worker's life: one open per worker, not per line (~5 µs a line).
    // leakguard's own I/O, opened inside the first test's span: not that test's handle.
    this.#fd = untracked(() => openSync(this.path, 'a'))
  }

  /** Appends one event as one line, now, after any line held by {@link later}. */
  write(event: LogEvent): void {
    const line = `${this.#held}${JSON.stringify(event)}\n`
    this.#held = ''
    writeSync(this.#fd, line)
  }

  /**
   * Holds one event's line for the next {@link write} or {@link flush}: one `write` a line
   * less (~3 µs in-process, ~11 µs in a busy worker). Only for lines whose loss on a
   * SIGKILL costs no verdict: a test's GC figures, never its `test-start` or `test-end`.
   */
  later(event: LogEvent): void {
    this.#held += `${JSON.stringify(event)}\n`
  }

  /** Writes the lines {@link later} held, if any. */
  flush(): void {
    if (this.#held === '') return
    const lines = this.#held
    this.#held = ''
    writeSync(this.#fd, lines)
  }
}
