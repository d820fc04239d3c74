/**
 * The dataset layer's errors: one tagged class per failure a caller can act on, each
 * with typed fields and the original error kept as `cause`. Match them with
 * {@link isDatasetError}, never by message text.
 */

/** Fields every dataset error carries. */
interface DatasetErrorFields {
  /** The store path (absolute). */
  readonly path: string
  /** The variable involved, when there is one. */
  readonly variable?: string | undefined
  /** The dimension involved, when there is one. */
  readonly dim?: string | undefined
}

/** Base class: not thrown itself. */
export abstract class DatasetError extends Error implements DatasetErrorFields {
  abstract readonly _tag: string
  readonly path: string
  readonly variable: string | undefined
  readonly dim: string | undefined

  constructor(message: string, fields: DatasetErrorFields, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause })
    this.path = fields.path
    this.variable = fields.variable
    this.dim = fields.dim
  }
}

/** Nothing exists at the store path. */
export class DatasetNotFound extends DatasetError {
  readonly _tag = 'DatasetNotFound'
  override readonly name = 'DatasetNotFound'
}

/** The path exists but holds no Zarr group (no `zarr.json` and no `.zgroup`). */
export class DatasetNotZarr extends DatasetError {
  readonly _tag = 'DatasetNotZarr'
  override readonly name = 'DatasetNotZarr'
}

/** `createDataset` was pointed at a path that already holds something. */
export class DatasetExists extends DatasetError {
  readonly _tag = 'DatasetExists'
  override readonly name = 'DatasetExists'
}

/** A `DatasetSpec` that cannot be laid out (bad length, chunk, dtype, values …). */
export class DatasetInvalidSpec extends DatasetError {
  readonly _tag = 'DatasetInvalidSpec'
  override readonly name = 'DatasetInvalidSpec'
}

/** A variable or coordinate name that the dataset does not have. */
export class DatasetUnknownVariable extends DatasetError {
  readonly _tag = 'DatasetUnknownVariable'
  override readonly name = 'DatasetUnknownVariable'
  /** The closest existing name, when one is close enough to be a likely typo. */
  readonly suggestion: string | undefined
  constructor(message: string, fields: DatasetErrorFields, suggestion: string | undefined) {
    super(message, fields)
    this.suggestion = suggestion
  }
}

/** A dimension name that the variable (or the spec) does not have. */
export class DatasetUnknownDim extends DatasetError {
  readonly _tag = 'DatasetUnknownDim'
  override readonly name = 'DatasetUnknownDim'
  /** The closest existing dim name, when one is close enough to be a likely typo. */
  readonly suggestion: string | undefined
  constructor(message: string, fields: DatasetErrorFields, suggestion: string | undefined) {
    super(message, fields)
    this.suggestion = suggestion
  }
}

/** An index or slice bound outside the dim, a zero/negative step, or a non-integer. */
export class DatasetSelectionOutOfRange extends DatasetError {
  readonly _tag = 'DatasetSelectionOutOfRange'
  override readonly name = 'DatasetSelectionOutOfRange'
}

/** Written data whose length does not match the selected shape. */
export class DatasetShapeMismatch extends DatasetError {
  readonly _tag = 'DatasetShapeMismatch'
  override readonly name = 'DatasetShapeMismatch'
}

/** Written data of another element type than the variable's dtype. */
export class DatasetDtypeMismatch extends DatasetError {
  readonly _tag = 'DatasetDtypeMismatch'
  override readonly name = 'DatasetDtypeMismatch'
}

/** A read or write on a dataset after `close()`. */
export class DatasetClosed extends DatasetError {
  readonly _tag = 'DatasetClosed'
  override readonly name = 'DatasetClosed'
}

/** Metadata or chunk bytes that cannot be decoded: truncated chunk, unknown codec, bad JSON. */
export class DatasetCorrupt extends DatasetError {
  readonly _tag = 'DatasetCorrupt'
  override readonly name = 'DatasetCorrupt'
}

/** Valid Zarr that this layer does not handle, e.g. an int64 variable or a string read as numbers. */
export class DatasetUnsupported extends DatasetError {
  readonly _tag = 'DatasetUnsupported'
  override readonly name = 'DatasetUnsupported'
}

/** Every concrete error, by tag. */
export interface DatasetErrorByTag {
  DatasetNotFound: DatasetNotFound
  DatasetNotZarr: DatasetNotZarr
  DatasetExists: DatasetExists
  DatasetInvalidSpec: DatasetInvalidSpec
  DatasetUnknownVariable: DatasetUnknownVariable
  DatasetUnknownDim: DatasetUnknownDim
  DatasetSelectionOutOfRange: DatasetSelectionOutOfRange
  DatasetShapeMismatch: DatasetShapeMismatch
  DatasetDtypeMismatch: DatasetDtypeMismatch
  DatasetClosed: DatasetClosed
  DatasetCorrupt: DatasetCorrupt
  DatasetUnsupported: DatasetUnsupported
}

/** The tag of a dataset error. */
export type DatasetErrorTag = keyof DatasetErrorByTag

/**
 * True when `error` is a dataset error, and (given tags) one of those tags. Narrows the
 * type so the tag's typed fields are available.
 *
 * @example
 * if (isDatasetError(e, 'DatasetUnknownVariable')) console.log(e.suggestion)
 */
export function isDatasetError<T extends DatasetErrorTag = DatasetErrorTag>(
  error: unknown,
  ...tags: T[]
): error is DatasetErrorByTag[T] {
  if (!(error instanceof DatasetError)) return false
  return tags.length === 0 || (tags as string[]).includes(error._tag)
}
