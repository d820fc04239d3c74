import { expectedMessage } from '../expected.js'

/**
 * Errors raised by the multisite simulator. Each failure is its own class whose `_tag` is
 * its class name, with typed fields and the original error kept as `cause`, so callers
 * branch with {@link isMultisiteError} and never on message text.
 */

/** Every tag a multisite error can carry: the names of the classes below. */
export type MultisiteErrorTag = keyof MultisiteErrorByTag

/** Base class, not thrown itself: `_tag` says which failure it is. */
export abstract class MultisiteError extends Error {
  abstract readonly _tag: MultisiteErrorTag
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
  readonly _tag = 'InvalidObservationsError'
  override readonly name = 'InvalidObservationsError'
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
  readonly _tag = 'MultisiteOptionError'
  override readonly name = 'MultisiteOptionError'
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
  readonly _tag = 'MultisiteClosedError'
  override readonly name = 'MultisiteClosedError'
  readonly operation: string

  constructor(operation: string) {
    super(`Multisite is closed: cannot ${operation}. Create a new Multisite.`)
    this.operation = operation
  }
}

/** The compiled worker file that tinypool needs does not exist. */
export class WorkerNotBuiltError extends MultisiteError {
  readonly _tag = 'WorkerNotBuiltError'
  override readonly name = 'WorkerNotBuiltError'
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
  readonly _tag = 'RealizationFailedError'
  override readonly name = 'RealizationFailedError'
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
  readonly _tag = 'NotFittedError'
  override readonly name = 'NotFittedError'
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
  readonly _tag = 'MultisiteCloseError'
  override readonly name = 'MultisiteCloseError'
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

/** Every concrete error, by tag. */
export interface MultisiteErrorByTag {
  InvalidObservationsError: InvalidObservationsError
  MultisiteOptionError: MultisiteOptionError
  MultisiteClosedError: MultisiteClosedError
  WorkerNotBuiltError: WorkerNotBuiltError
  RealizationFailedError: RealizationFailedError
  MultisiteCloseError: MultisiteCloseError
  NotFittedError: NotFittedError
}

/**
 * The one guard for simulator errors: true when `error` is one, and (given tags) one of
 * those tags. Narrows the type so the tag's typed fields are available.
 *
 * @example if (isMultisiteError(e, 'RealizationFailedError')) console.log(e.realization)
 */
export function isMultisiteError<T extends MultisiteErrorTag = MultisiteErrorTag>(
  error: unknown,
  ...tags: T[]
): error is MultisiteErrorByTag[T] {
  // MultisiteCloseError extends AggregateError (its `errors` list), so not MultisiteError.
  if (!(error instanceof MultisiteError || error instanceof MultisiteCloseError)) return false
  return tags.length === 0 || (tags as string[]).includes(error._tag)
}
