import type { LeakEntry } from '../report/model.js'
import type { VerdictError } from './model.js'

/**
 * A test (or scope) left handles open. The plugin records it in the task's result as
 * plain data (`name: 'HandleLeakError'`); the `multisite` fixture throws this class from
 * its teardown. Both carry the message and stack of the same {@link VerdictError}.
 */
export class HandleLeakError extends Error {
  override readonly name = 'HandleLeakError'
  /** The tag every leakguard error carries (the class name: one class, one failure). */
  readonly _tag = 'HandleLeakError'
  /** What was still open, as reported. */
  readonly leaks: readonly LeakEntry[]
  constructor(message: string, leaks: readonly LeakEntry[], stack: string) {
    super(message)
    this.leaks = leaks
    this.stack = stack
  }

  /** The error a verdict raised, as a throwable, with the leaks it is about. */
  static from(error: VerdictError, leaks: readonly LeakEntry[]): HandleLeakError {
    return new HandleLeakError(error.message, leaks, error.stack)
  }
}
