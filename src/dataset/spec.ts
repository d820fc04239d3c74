/**
 * The public types of the dataset layer (the contract is README's "The library").
 * Types only: no runtime code lives here.
 */

/** Element types a variable can hold. 64-bit integers are left out: they need BigInt. */
export type DType =
  | 'float32'
  | 'float64'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'uint8'
  | 'uint16'
  | 'uint32'

/** The typed arrays that back the numeric {@link DType}s, one per dtype. */
export type TypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array

/**
 * How chunks are compressed on disk.
 *
 * - `'none'`: raw little-endian bytes (fastest; the default).
 * - zstd: `level` 1–22, default 1.
 * - blosc: `cname` default `'lz4'`, `clevel` default 5, `shuffle` default 1 (byte shuffle;
 *   0 none, 2 bit shuffle). Numeric on purpose: zarrita's blosc silently skips the
 *   shuffle when given the spec's string names.
 */
export type CodecSpec =
  | 'none'
  | { name: 'zstd'; level?: number }
  | {
      name: 'blosc'
      cname?: 'lz4' | 'zstd' | 'blosclz' | 'zlib'
      clevel?: number
      shuffle?: 0 | 1 | 2
    }

/** One data variable to create. */
export interface VariableSpec {
  dtype: DType
  /** Dimension names, each a key of {@link DatasetSpec.dims}. */
  dims: readonly string[]
  /**
   * Chunk shape, one entry per dim.
   *
   * @default 1 along the first dim and the full length along the others (rank ≥ 2), or
   * the whole array (rank 1). Chunking the first (realization) dim by 1 means writers of
   * different realizations never touch the same chunk file.
   */
  chunks?: readonly number[]
  /** @default 'none' */
  codec?: CodecSpec
  /** Value of never-written elements. @default NaN for floats, 0 for integers */
  fillValue?: number
  /** Variable attributes, e.g. `{ units: 'mm/day' }`. */
  attrs?: Record<string, unknown>
}

/** A coordinate variable: numbers, or strings (e.g. station names). */
export interface CoordSpec {
  /** Usually `[name]`: a dimension coordinate. */
  dims: readonly string[]
  /** C-order values; `number`s are stored as float64, `string`s as variable-length UTF-8. */
  values: ArrayLike<number> | readonly string[]
  attrs?: Record<string, unknown>
}

/** Everything `createDataset` needs to lay out a new store. */
export interface DatasetSpec {
  /** @default 3 */
  zarrFormat?: 2 | 3
  /** Dimension name → length. */
  dims: Record<string, number>
  coords?: Record<string, CoordSpec>
  /** Created filled with their fill value; write them later. */
  variables: Record<string, VariableSpec>
  /** Dataset attributes, stored on the root group. */
  attrs?: Record<string, unknown>
}

/** A slice along one dim: `start` inclusive, `stop` exclusive, `step` ≥ 1. Negative bounds count from the end. */
export interface SliceSpec {
  start?: number
  stop?: number
  step?: number
}

/**
 * A selection by dim name: a number picks one index and drops that dim, a slice keeps it,
 * a missing or `null` entry takes the whole dim.
 *
 * @example { realization: 3, day: { start: 0, stop: 365 } }
 */
export type Selection = Record<string, number | SliceSpec | null | undefined>

/** What a variable is, read from the store's metadata. */
export interface VariableInfo {
  name: string
  dims: readonly string[]
  shape: readonly number[]
  dtype: DType
  /** Attributes without the format's bookkeeping keys (`_ARRAY_DIMENSIONS`, `coordinates`). */
  attrs: Record<string, unknown>
}

/** A coordinate's info: like {@link VariableInfo}, and it may hold strings. */
export interface CoordInfo extends Omit<VariableInfo, 'dtype'> {
  dtype: DType | 'string'
}

/** The result of a read: C-order data, its shape and the dims that were kept. */
export interface ReadResult<T extends TypedArray = TypedArray> {
  data: T
  shape: number[]
  dims: string[]
}

/** Options for `openDataset` and `createDataset`. */
export interface OpenOptions {
  /**
   * Byte budget of the decoded-chunk cache; least recently used chunks are dropped
   * beyond it. 0 turns caching off.
   *
   * @default 67108864 (64 MiB)
   */
  cacheBytes?: number
}
