import { expectedMessage } from '../expected.js'

/**
 * Errors raised by the multisite simulator. Each failure has its own tag and typed
 * fields, so callers branch with {@link isMultisiteError} and never on message text.
 */

/** Every tag a {@link MultisiteError} can carry. */
export type MultisiteErrorTag =
  | 'invalid-observations'
  | 'invalid-option'
  | 'closed'
  | 'worker-not-built'
  | 'realization-failed'
  | 'close-failed'
  | 'not-fitted'

/** Base class: `tag` says which failure it is. */
export abstract class MultisiteError extends Error {
  abstract readonly tag: MultisiteErrorTag
}

/** What is wrong with the observations given to `new Multisite()`. */
export type ObservationProblem =
  | 'too-short'
  | 'dims-mismatch'
  | 'missing-values'
  | 'non-finite'
  | 'negative-precipitation'
  | 'unknown-variable'
  | 'duplicate-name'
  | 'invalid-start-date'

/**
 * The observations cannot be fitted. `station`, `variable` and `timeIndex` point at the
 * first offending value when there is one.
 */
export class InvalidObservationsError extends MultisiteError {
  readonly tag = 'invalid-observations'
  override name = 'InvalidObservationsError'
  readonly problem: ObservationProblem
  readonly station: string | undefined
  readonly variable: string | undefined
  readonly timeIndex: number | undefined

  constructor(
    problem: ObservationProblem,
    message: string,
    where: { station?: string; variable?: string; timeIndex?: number } = {},
  ) {
    super(message)
    this.problem = problem
    this.station = where.station
    this.variable = where.variable
    this.timeIndex = where.timeIndex
  }
}

/** An option has a value the simulator cannot use; `option` names it. */
export class MultisiteOptionError extends MultisiteError {
  readonly tag = 'invalid-option'
  override name = 'MultisiteOptionError'
  readonly option: string
  readonly value: unknown

  /** Builds the house message: ``Expected `n` to be an integer ≥ 1, got `0` (number)``. */
  constructor(option: string, expected: string, value: unknown) {
    super(expectedMessage(option, expected, value))
    this.option = option
    this.value = value
  }
}

/** A simulation was asked of a `Multisite` after `close()`. */
export class MultisiteClosedError extends MultisiteError {
  readonly tag = 'closed'
  override name = 'MultisiteClosedError'
  readonly operation: string

  constructor(operation: string) {
    super(`Multisite is closed: cannot ${operation}. Create a new Multisite.`)
    this.operation = operation
  }
}

/** The compiled worker file that tinypool needs does not exist. */
export class WorkerNotBuiltError extends MultisiteError {
  readonly tag = 'worker-not-built'
  override name = 'WorkerNotBuiltError'
  readonly workerPath: string

  constructor(workerPath: string) {
    super(
      `The ensemble worker ${workerPath} does not exist. tinypool workers must be compiled ` +
        'JavaScript: run `npm run build` first.',
    )
    this.workerPath = workerPath
  }
}

/** One realization of an ensemble failed; `cause` is the worker's error. */
export class RealizationFailedError extends MultisiteError {
  readonly tag = 'realization-failed'
  override name = 'RealizationFailedError'
  readonly realization: number
  /** The ensemble directory, removed before this error was thrown. */
  readonly storeRoot: string

  constructor(realization: number, storeRoot: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    super(
      `Realization ${realization} of the ensemble failed: ${reason}. ` +
        `The partial ensemble ${storeRoot} was removed.`,
      { cause },
    )
    this.realization = realization
    this.storeRoot = storeRoot
  }
}

/** The model is fitted lazily from a `Dataset`; this property needs `await fit()` first. */
export class NotFittedError extends MultisiteError {
  readonly tag = 'not-fitted'
  override name = 'NotFittedError'
  readonly property: string

  constructor(property: string) {
    super(
      `Multisite.${property} is not available yet: the observations come from a Dataset, ` +
        'so the model is fitted asynchronously. Call `await multisite.fit()` first.',
    )
    this.property = property
  }
}

/**
 * Closing one or more datasets failed. `errors` holds one `Error` per dataset (its
 * `cause` is the original error); `paths` names the datasets in the same order.
 */
export class MultisiteCloseError extends AggregateError {
  readonly tag = 'close-failed'
  override name = 'MultisiteCloseError'
  readonly paths: readonly string[]

  constructor(failures: readonly { path: string; error: unknown }[]) {
    const errors = failures.map(({ path, error }) => {
      const reason = error instanceof Error ? error.message : String(error)
      return new Error(`closing ${path} failed: ${reason}`, { cause: error })
    })
    super(
      errors,
      `Multisite.close(): ${failures.length} dataset(s) failed to close: ` +
        failures.map((f) => f.path).join(', '),
    )
    this.paths = failures.map((f) => f.path)
  }
}

type ErrorByTag = {
  'invalid-observations': InvalidObservationsError
  'invalid-option': MultisiteOptionError
  closed: MultisiteClosedError
  'worker-not-built': WorkerNotBuiltError
  'realization-failed': RealizationFailedError
  'close-failed': MultisiteCloseError
  'not-fitted': NotFittedError
}

/**
 * The one guard for simulator errors.
 *
 * @example if (isMultisiteError(e, 'realization-failed')) console.log(e.realization)
 */
export function isMultisiteError<T extends MultisiteErrorTag>(
  error: unknown,
  tag: T,
): error is ErrorByTag[T] {
  if (error instanceof MultisiteCloseError) return tag === 'close-failed'
  return error instanceof MultisiteError && error.tag === tag
}
