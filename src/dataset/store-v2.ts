import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { v2Compressor } from './codecs.js'
import { v2TypeString } from './dtype.js'
import type { DatasetPlan, PlannedArray } from './spec-check.js'

/** zarr-python 2 writes non-finite float fill values as these strings (JSON has no NaN). */
function encodeFill(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Number.POSITIVE_INFINITY) return 'Infinity'
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity'
  return value
}

/**
 * The `.zarray` document, field for field as zarr-python 2 writes it.
 *
 * String coordinates are `|O` with the numcodecs `vlen-utf8` filter: what xarray writes
 * for `str` coordinates, so xarray reads station names back as strings. (A fixed-width
 * `<U` dtype would also work, but would pad names to the longest one.)
 */
function zarray(array: PlannedArray): Record<string, unknown> {
  const isString = array.dtype === 'string'
  return {
    zarr_format: 2,
    shape: array.shape,
    chunks: array.chunks,
    dtype: isString ? '|O' : v2TypeString(array.dtype),
    compressor: isString ? null : v2Compressor(array.codec),
    fill_value: isString ? null : encodeFill(array.fillValue),
    order: 'C',
    filters: isString ? [{ id: 'vlen-utf8' }] : null,
    dimension_separator: '.',
  }
}

async function writeJson(dir: string, file: string, value: unknown): Promise<void> {
  await writeFile(join(dir, file), `${JSON.stringify(value, null, 2)}\n`)
}

/**
 * Writes a Zarr v2 store's metadata by hand, since zarrita only writes v3: `.zgroup` and
 * `.zattrs` at the root (dataset attrs), and per array `.zarray` plus `.zattrs` with
 * xarray's `_ARRAY_DIMENSIONS`. Writes no chunks: zarrita encodes those through the
 * array opened with `open.v2`, with the numcodecs compressor named here, under v2 keys
 * (`0.0.0`).
 */
export async function writeV2Metadata(
  path: string,
  plan: DatasetPlan,
  rootAttrs: Record<string, unknown>,
): Promise<void> {
  await mkdir(path, { recursive: true })
  await writeJson(path, '.zgroup', { zarr_format: 2 })
  await writeJson(path, '.zattrs', rootAttrs)
  for (const array of [...plan.coords, ...plan.variables]) {
    const dir = join(path, array.name)
    await mkdir(dir, { recursive: true })
    await writeJson(dir, '.zarray', zarray(array))
    await writeJson(dir, '.zattrs', { _ARRAY_DIMENSIONS: array.dims, ...array.attrs })
  }
}
