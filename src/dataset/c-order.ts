import type { TypedArray } from './spec.js'

/** Row-major (C order) strides of `shape`, in elements. */
export function cStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length)
  let step = 1
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = step
    step *= shape[axis] ?? 1
  }
  return strides
}

/**
 * `data` laid out in C order. zarrita returns F-ordered (transposed) arrays in their
 * native order; callers of `read` are promised C order. Already-C data is returned as is,
 * so the common case copies nothing.
 */
export function toCOrder<T extends TypedArray>(
  data: T,
  shape: readonly number[],
  strides: readonly number[],
): T {
  const target = cStrides(shape)
  if (strides.every((s, axis) => s === target[axis] || (shape[axis] ?? 0) <= 1)) return data
  const out = new (data.constructor as new (length: number) => T)(data.length)
  const index = new Array<number>(shape.length).fill(0)
  for (let i = 0; i < out.length; i++) {
    let from = 0
    for (let axis = 0; axis < shape.length; axis++)
      from += (index[axis] ?? 0) * (strides[axis] ?? 0)
    out[i] = data[from] ?? 0
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      const next = (index[axis] ?? 0) + 1
      if (next < (shape[axis] ?? 0)) {
        index[axis] = next
        break
      }
      index[axis] = 0
    }
  }
  return out
}
