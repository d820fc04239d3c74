/**
 * Typed errors for reading reports, logs and baselines. Every one names the file (and,
 * where it applies, the line and column), so the CLI can print one clear line and exit 2
 * instead of a stack dump. One class with a `_tag` per failure (PascalCase, like every
 * leakguard error); match with {@link isReportInputError}, never on message text.
 */

/** What went wrong with an input file. */
export type ReportErrorTag =
  /** The file does not exist or cannot be read. */
  | 'FileUnreadable'
  /** An output file (report, log, baseline) cannot be written; the previous one is kept. */
  | 'FileUnwritable'
  /** The text is not valid JSON. */
  | 'InvalidJson'
  /** Valid JSON, but not the shape leakguard expects. */
  | 'InvalidShape'
  /** A log held no event that could be used. */
  | 'NothingParseable'
  /** The same test appears in two shard reports. */
  | 'DuplicateTest'
  /** A command-line value such as `--tolerance` is malformed. */
  | 'InvalidOption'

/** An unusable input: the file, and where in it, when known. */
export class ReportInputError extends Error {
  override readonly name = 'ReportInputError'
  /** Which failure: see {@link ReportErrorTag}. */
  readonly _tag: ReportErrorTag
  /** The file at fault (or the option name, for `InvalidOption`). */
  readonly file: string
  /** 1-based line, when the fault has a position. */
  readonly line: number | undefined
  /** 1-based column, when the fault has a position. */
  readonly column: number | undefined

  constructor(
    tag: ReportErrorTag,
    file: string,
    message: string,
    options: { line?: number; column?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this._tag = tag
    this.file = file
    this.line = options.line
    this.column = options.column
  }
}

/**
 * True when `error` is a {@link ReportInputError}, and (given tags) has one of them.
 *
 * @example if (isReportInputError(e, 'InvalidJson', 'InvalidShape')) console.log(e.line)
 */
export function isReportInputError(
  error: unknown,
  ...tags: ReportErrorTag[]
): error is ReportInputError {
  return error instanceof ReportInputError && (tags.length === 0 || tags.includes(error._tag))
}
