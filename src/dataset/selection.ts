import { DatasetSelectionOutOfRange } from './errors.js'
import type { Selection, SliceSpec } from './spec.js'
import { unknownDim } from './unknown-name.js'

/** A slice in absolute, checked bounds: `start ≤ stop`, `step ≥ 1`. */
export interface Range {
  readonly start: number
  readonly stop: number
  readonly step: number
}

/** One dim's part of a normalised selection: an index (dim dropped) or a range (dim kept). */
export type DimSelection = { readonly index: number } | { readonly range: Range }

/** A selection checked against a variable and resolved to absolute bounds. */
export interface NormalizedSelection {
  /** One entry per dim of the variable, in its order. */
  readonly perDim: readonly DimSelection[]
  /** The shape of the selected block, kept dims only. */
  readonly shape: number[]
  /** The names of the kept dims. */
  readonly dims: string[]
  /** Elements selected: the product of `shape`. */
  readonly size: number
}

/** What a selection is checked against. */
export interface SelectionTarget {
  readonly path: string
  readonly variable: string
  readonly dims: readonly string[]
  readonly shape: readonly number[]
}

/** Elements in `range`. */
export function rangeLength({ start, stop, step }: Range): number {
  return stop > start ? Math.ceil((stop - start) / step) : 0
}

/**
 * Checks a selection by dim name and resolves it to absolute bounds.
 *
 * Strict where numpy is lenient: an index or slice bound outside the dim throws instead
 * of clamping, because a silently shortened read is the kind of bug this layer exists to
 * surface. Negative indices and bounds count from the end, as in Python.
 *
 * @throws DatasetUnknownDim for a name the variable does not have
 * @throws DatasetSelectionOutOfRange for a bound outside the dim, a non-integer or a step < 1
 */
export function normalizeSelection(
  target: SelectionTarget,
  selection: Selection | undefined,
): NormalizedSelection {
  for (const name of Object.keys(selection ?? {})) {
    if (!target.dims.includes(name)) {
      throw unknownDim(target.path, target.variable, name, target.dims)
    }
  }
  const perDim: DimSelection[] = []
  const shape: number[] = []
  const dims: string[] = []
  target.dims.forEach((dim, axis) => {
    const length = target.shape[axis] ?? 0
    const entry = selection?.[dim]
    if (typeof entry === 'number') {
      perDim.push({ index: resolveIndex(target, dim, length, entry) })
      return
    }
    const range = resolveSlice(target, dim, length, entry ?? {})
    perDim.push({ range })
    shape.push(rangeLength(range))
    dims.push(dim)
  })
  return { perDim, shape, dims, size: shape.reduce((a, b) => a * b, 1) }
}

function outOfRange(
  target: SelectionTarget,
  dim: string,
  detail: string,
): DatasetSelectionOutOfRange {
  return new DatasetSelectionOutOfRange(
    `Selection out of range for '${target.variable}' along '${dim}': ${detail}.`,
    { path: target.path, variable: target.variable, dim },
  )
}

function checkInteger(target: SelectionTarget, dim: string, what: string, value: number): void {
  if (!Number.isInteger(value)) {
    throw outOfRange(target, dim, `${what} must be an integer, got ${value}`)
  }
}

function resolveIndex(target: SelectionTarget, dim: string, length: number, index: number): number {
  checkInteger(target, dim, 'index', index)
  if (index < -length || index >= length) {
    throw outOfRange(target, dim, `index ${index} is outside 0..${length - 1} (length ${length})`)
  }
  return index < 0 ? index + length : index
}

function resolveBound(
  target: SelectionTarget,
  dim: string,
  length: number,
  what: 'start' | 'stop',
  value: number,
): number {
  checkInteger(target, dim, what, value)
  if (value < -length || value > length) {
    throw outOfRange(
      target,
      dim,
      `slice ${what} ${value} is outside 0..${length} (length ${length})`,
    )
  }
  return value < 0 ? value + length : value
}

function resolveSlice(
  target: SelectionTarget,
  dim: string,
  length: number,
  slice: SliceSpec,
): Range {
  const step = slice.step ?? 1
  checkInteger(target, dim, 'step', step)
  if (step < 1) throw outOfRange(target, dim, `step must be at least 1, got ${step}`)
  const start =
    slice.start === undefined ? 0 : resolveBound(target, dim, length, 'start', slice.start)
  const stop =
    slice.stop === undefined ? length : resolveBound(target, dim, length, 'stop', slice.stop)
  return { start, stop: Math.max(start, stop), step }
}

/**
 * The chunk indices along each dim that a selection touches, as inclusive-exclusive
 * ranges. Used to drop exactly the cached chunks a write replaces.
 */
export function touchedChunkRanges(
  selection: NormalizedSelection,
  chunkShape: readonly number[],
): [number, number][] {
  return selection.perDim.map((part, axis) => {
    const chunk = chunkShape[axis] ?? 1
    if ('index' in part) {
      const c = Math.floor(part.index / chunk)
      return [c, c + 1]
    }
    const n = rangeLength(part.range)
    if (n === 0) return [0, 0]
    const last = part.range.start + (n - 1) * part.range.step
    return [Math.floor(part.range.start / chunk), Math.floor(last / chunk) + 1]
  })
}
