import { expectedMessage } from '../expected.js'
import { DTYPES, defaultFill, dtypeOf, isDType } from './dtype.js'
import { DatasetInvalidSpec } from './errors.js'
import type { CodecSpec, CoordSpec, DatasetSpec, DType, TypedArray } from './spec.js'
import { unknownDim } from './unknown-name.js'

/** A variable or coordinate with every default filled in and every field checked. */
export interface PlannedArray {
  readonly name: string
  readonly dims: readonly string[]
  readonly shape: number[]
  readonly chunks: number[]
  /** `'string'` only for string coordinates. */
  readonly dtype: DType | 'string'
  readonly codec: CodecSpec
  readonly fillValue: number
  readonly attrs: Record<string, unknown>
  /** Coordinates only: the values to write right after creation. */
  readonly values?: TypedArray | readonly string[]
}

/** A checked spec, ready to be written. */
export interface DatasetPlan {
  readonly zarrFormat: 2 | 3
  readonly attrs: Record<string, unknown>
  readonly coords: PlannedArray[]
  readonly variables: PlannedArray[]
}

const BLOSC_CNAMES = ['lz4', 'zstd', 'blosclz', 'zlib']

/**
 * Checks a `DatasetSpec` and fills in its defaults (documented on the spec types).
 * Every message has the shape ``Expected `<field>` to be <what>, got `<value>` (<type>)``.
 *
 * @throws DatasetInvalidSpec, DatasetUnknownDim
 */
export function planDataset(path: string, spec: DatasetSpec): DatasetPlan {
  const bad = (field: string, what: string, value: unknown, variable?: string) =>
    new DatasetInvalidSpec(`${expectedMessage(field, what, value)}.`, {
      path,
      variable,
    })
  const format = spec.zarrFormat ?? 3
  if (format !== 2 && format !== 3) throw bad('zarrFormat', '2 or 3', spec.zarrFormat)
  const dimNames = Object.keys(spec.dims)
  for (const [dim, length] of Object.entries(spec.dims)) {
    if (!Number.isInteger(length) || length < 0) {
      throw bad(`dims.${dim}`, 'a non-negative integer', length)
    }
  }
  const seen = new Set<string>()
  const checkName = (name: string) => {
    if (!/^[^/\\.][^/\\]*$/.test(name) || name === 'zarr.json') {
      throw bad('name', 'a name without slashes that does not start with a dot', name, name)
    }
    if (seen.has(name)) throw bad(`${name}`, 'used once across coords and variables', name, name)
    seen.add(name)
  }
  const checkDims = (name: string, dims: readonly string[]) => {
    for (const dim of dims) {
      if (!dimNames.includes(dim)) throw unknownDim(path, name, dim, dimNames)
    }
    if (new Set(dims).size !== dims.length) throw bad(`${name}.dims`, 'distinct names', dims, name)
    return dims.map((dim) => spec.dims[dim] ?? 0)
  }

  const coords = Object.entries(spec.coords ?? {}).map(([name, coord]): PlannedArray => {
    checkName(name)
    const shape = checkDims(name, coord.dims)
    const values = coordValues(name, coord, bad)
    const size = shape.reduce((a, b) => a * b, 1)
    if (values.length !== size) {
      throw bad(
        `coords.${name}.values`,
        `${size} values (shape [${shape.join(', ')}])`,
        values.length,
        name,
      )
    }
    const dtype = Array.isArray(values) ? 'string' : (dtypeOf(values as TypedArray) ?? 'float64')
    return {
      name,
      dims: coord.dims,
      shape,
      chunks: shape.map((n) => Math.max(1, n)),
      dtype,
      codec: 'none',
      fillValue: dtype === 'string' ? 0 : defaultFill(dtype),
      attrs: coord.attrs ?? {},
      values,
    }
  })

  const variables = Object.entries(spec.variables).map(([name, variable]): PlannedArray => {
    checkName(name)
    if (!isDType(variable.dtype)) {
      throw bad(`variables.${name}.dtype`, `one of ${DTYPES.join(', ')}`, variable.dtype, name)
    }
    const shape = checkDims(name, variable.dims)
    const chunks = variable.chunks ? [...variable.chunks] : defaultChunks(shape)
    if (chunks.length !== shape.length || chunks.some((c) => !Number.isInteger(c) || c < 1)) {
      throw bad(
        `variables.${name}.chunks`,
        `${shape.length} positive integers`,
        variable.chunks,
        name,
      )
    }
    const codec = variable.codec ?? 'none'
    checkCodec(codec, (what, value) => bad(`variables.${name}.codec`, what, value, name))
    const fillValue = variable.fillValue ?? defaultFill(variable.dtype)
    if (typeof fillValue !== 'number') {
      throw bad(`variables.${name}.fillValue`, 'a number', fillValue, name)
    }
    return {
      name,
      dims: variable.dims,
      shape,
      chunks,
      dtype: variable.dtype,
      codec,
      fillValue,
      attrs: variable.attrs ?? {},
    }
  })
  return { zarrFormat: format, attrs: spec.attrs ?? {}, coords, variables }
}

/** 1 along the first dim, so each realization is its own chunk file; whole length elsewhere. */
function defaultChunks(shape: readonly number[]): number[] {
  return shape.map((n, axis) => (axis === 0 && shape.length >= 2 ? 1 : Math.max(1, n)))
}

function coordValues(
  name: string,
  coord: CoordSpec,
  bad: (field: string, what: string, value: unknown, variable?: string) => Error,
): TypedArray | readonly string[] {
  const values = coord.values
  if (ArrayBuffer.isView(values)) {
    if (dtypeOf(values as TypedArray) === undefined) {
      throw bad(
        `coords.${name}.values`,
        'a typed array of a supported dtype',
        values.constructor.name,
        name,
      )
    }
    return values as TypedArray
  }
  const list = Array.from(values as ArrayLike<unknown>)
  if (list.length > 0 && list.every((v) => typeof v === 'string')) return list as string[]
  if (list.every((v) => typeof v === 'number')) return Float64Array.from(list as number[])
  throw bad(
    `coords.${name}.values`,
    'all numbers or all strings',
    list.find((v) => typeof v !== typeof list[0]),
    name,
  )
}

function checkCodec(codec: CodecSpec, bad: (what: string, value: unknown) => Error): void {
  if (codec === 'none') return
  if (typeof codec !== 'object' || codec === null) throw bad("'none', zstd or blosc", codec)
  if (codec.name === 'zstd') {
    const level = codec.level ?? 1
    if (!Number.isInteger(level) || level < 1 || level > 22) throw bad('a zstd level 1..22', level)
    return
  }
  if (codec.name === 'blosc') {
    if (codec.cname !== undefined && !BLOSC_CNAMES.includes(codec.cname)) {
      throw bad(`a blosc cname (${BLOSC_CNAMES.join(', ')})`, codec.cname)
    }
    const clevel = codec.clevel ?? 5
    if (!Number.isInteger(clevel) || clevel < 0 || clevel > 9)
      throw bad('a blosc clevel 0..9', clevel)
    const shuffle = codec.shuffle ?? 1
    if (shuffle !== 0 && shuffle !== 1 && shuffle !== 2)
      throw bad('a numeric blosc shuffle 0, 1 or 2', shuffle)
    return
  }
  throw bad("'none', { name: 'zstd' } or { name: 'blosc' }", (codec as { name?: unknown }).name)
}
