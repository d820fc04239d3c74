import FileSystemStore from '@zarrita/storage/fs'
import * as zarr from 'zarrita'
import { installBloscShuffleShim, v3Codecs } from './codecs.js'
import type { DatasetPlan, PlannedArray } from './spec-check.js'

/**
 * The v3 metadata of a string coordinate: the `string` data type with the `vlen-utf8`
 * codec, as zarr-python 3 writes it for `str` arrays (and xarray for string coords).
 * Not in the core v3 spec but a registered extension; zarrita reads it.
 */
const STRING_CODECS: zarr.CodecMetadata[] = [{ name: 'vlen-utf8', configuration: {} }]

function arrayOptions(array: PlannedArray) {
  const common = {
    shape: array.shape,
    chunkShape: array.chunks,
    dimensionNames: [...array.dims],
    attributes: array.attrs,
  }
  if (array.dtype === 'string') {
    return { ...common, dtype: 'string' as const, codecs: STRING_CODECS, fillValue: '' }
  }
  return {
    ...common,
    dtype: array.dtype,
    // Explicit bytes codec and fill value: zarrita's defaults (`codecs: []`,
    // `fill_value: null`) are off spec. A NaN fill is written as the spec's "NaN".
    codecs: v3Codecs(array.codec, array.dtype),
    fillValue: array.fillValue,
  }
}

/**
 * Writes a v3 store's metadata with zarrita: the root group (dataset attrs, plus the
 * xarray `coordinates` attribute naming non-dimension coordinates) and one array per
 * coordinate and variable, with `dimension_names`. Writes no chunks.
 */
export async function writeV3Metadata(
  path: string,
  plan: DatasetPlan,
  rootAttrs: Record<string, unknown>,
): Promise<void> {
  installBloscShuffleShim()
  const root = zarr.root(new FileSystemStore(path))
  await zarr.create(root, { attributes: rootAttrs })
  for (const array of [...plan.coords, ...plan.variables]) {
    await zarr.create(root.resolve(array.name), arrayOptions(array))
  }
}
