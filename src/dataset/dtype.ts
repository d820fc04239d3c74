import type { DType, TypedArray } from './spec.js'

type TypedArrayConstructor =
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | Int8ArrayConstructor
  | Int16ArrayConstructor
  | Int32ArrayConstructor
  | Uint8ArrayConstructor
  | Uint16ArrayConstructor
  | Uint32ArrayConstructor

interface DTypeInfo {
  readonly ctor: TypedArrayConstructor
  /** The numpy/Zarr v2 type string, little-endian. */
  readonly v2: string
  readonly float: boolean
}

const table: Record<DType, DTypeInfo> = {
  float32: { ctor: Float32Array, v2: '<f4', float: true },
  float64: { ctor: Float64Array, v2: '<f8', float: true },
  int8: { ctor: Int8Array, v2: '|i1', float: false },
  int16: { ctor: Int16Array, v2: '<i2', float: false },
  int32: { ctor: Int32Array, v2: '<i4', float: false },
  uint8: { ctor: Uint8Array, v2: '|u1', float: false },
  uint16: { ctor: Uint16Array, v2: '<u2', float: false },
  uint32: { ctor: Uint32Array, v2: '<u4', float: false },
}

/** The dtypes this layer reads and writes. */
export const DTYPES = Object.keys(table) as DType[]

/** True for a dtype this layer handles (zarrita's names for them are the same). */
export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && Object.hasOwn(table, value)
}

/** The numpy type string Zarr v2 stores for `dtype`. */
export function v2TypeString(dtype: DType): string {
  return table[dtype].v2
}

/** True for float dtypes, whose default fill is NaN. */
export function isFloat(dtype: DType): boolean {
  return table[dtype].float
}

/** Bytes per element of `dtype`. */
export function bytesPerElement(dtype: DType): number {
  return table[dtype].ctor.BYTES_PER_ELEMENT
}

/** The default fill value: NaN marks "never written" for floats, 0 for integers. */
export function defaultFill(dtype: DType): number {
  return isFloat(dtype) ? Number.NaN : 0
}

/** A new zeroed typed array of `dtype`. */
export function allocate(dtype: DType, length: number): TypedArray {
  return new table[dtype].ctor(length)
}

/**
 * The dtype of a typed array, by its constructor's name, so a Buffer (a Uint8Array
 * subclass) counts as uint8 and an array from another realm (worker) still matches.
 */
export function dtypeOf(data: TypedArray): DType | undefined {
  for (const [dtype, info] of Object.entries(table) as [DType, DTypeInfo][]) {
    if (data instanceof info.ctor) return dtype
  }
  const name = Object.prototype.toString.call(data).slice(8, -1)
  return DTYPES.find((dtype) => table[dtype].ctor.name === name)
}
