import { readdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import * as zarr from 'zarrita'
import { handles } from '../handles/registry.js'
import { cStrides } from './c-order.js'
import { encodeVlenUtf8, installBloscShuffleShim } from './codecs.js'
import { Dataset } from './dataset.js'
import { DatasetExists } from './errors.js'
import { readLayout, type StoreLayout } from './metadata.js'
import { boundedQueue, withMetadataSlot } from './queue.js'
import type { DatasetSpec, OpenOptions, TypedArray } from './spec.js'
import { type DatasetPlan, planDataset } from './spec-check.js'
import { writeV2Metadata } from './store-v2.js'
import { writeV3Metadata } from './store-v3.js'

async function assertAbsentOrEmpty(path: string): Promise<void> {
  let entries: string[]
  try {
    entries = await readdir(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return
    if (code === 'ENOTDIR') {
      throw new DatasetExists(
        `Cannot create a dataset at ${path}: a file is in the way.`,
        { path },
        error,
      )
    }
    throw error
  }
  if (entries.length > 0) {
    throw new DatasetExists(
      `Cannot create a dataset at ${path}: the directory is not empty (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}).`,
      { path },
    )
  }
}

/** xarray keeps the names of non-dimension coordinates in a root `coordinates` attribute. */
function rootAttrs(plan: DatasetPlan): Record<string, unknown> {
  const extra = plan.coords.filter((c) => !(c.dims.length === 1 && c.dims[0] === c.name))
  return extra.length === 0
    ? plan.attrs
    : { ...plan.attrs, coordinates: extra.map((c) => c.name).join(' ') }
}

async function writeCoordValues(layout: StoreLayout, plan: DatasetPlan): Promise<void> {
  for (const coord of plan.coords) {
    const stored = layout.coords.get(coord.name)
    if (!stored || coord.values === undefined || coord.values.length === 0) continue
    if (Array.isArray(coord.values)) {
      // One chunk holds the whole coordinate (its chunk shape is its shape).
      const key = `/${stored.chunkFile(coord.shape.map(() => 0))}` as const
      await layout.store.set(key, encodeVlenUtf8(coord.values as readonly string[]))
      continue
    }
    const value = {
      data: coord.values as TypedArray,
      shape: coord.shape,
      stride: cStrides(coord.shape),
    }
    await zarr.set(stored.array, null, value as zarr.Chunk<zarr.DataType>, {
      createQueue: boundedQueue,
    })
  }
}

/**
 * Creates a new Zarr store at `path` (which must not exist or be an empty directory) and
 * returns it open. Variables start out all fill value (no chunk files); coordinates are
 * written at once. The layout follows xarray: `dimension_names` (v3) or
 * `_ARRAY_DIMENSIONS` (v2), coordinates as arrays named after their dim, dataset attrs
 * on the root group, so `xarray.open_zarr` reads it.
 *
 * Metadata is written once, here; writers in other threads then only add chunk files.
 * If creation fails halfway, the partial store stays on disk and no handle is tracked.
 *
 * @throws DatasetInvalidSpec, DatasetUnknownDim, DatasetExists
 * @example
 * await using ds = await createDataset(dir, {
 *   dims: { realization: 10, day: 365 },
 *   variables: { tas: { dtype: 'float32', dims: ['realization', 'day'] } },
 * })
 * await ds.write('tas', new Float32Array(365), { realization: 0 })
 */
export async function createDataset(
  path: string,
  spec: DatasetSpec,
  options: OpenOptions = {},
): Promise<Dataset> {
  const absolute = resolve(path)
  installBloscShuffleShim()
  const plan = planDataset(absolute, spec)
  const pending = handles.opening()
  try {
    const layout = await withMetadataSlot(async () => {
      await assertAbsentOrEmpty(absolute)
      const attrs = rootAttrs(plan)
      if (plan.zarrFormat === 2) await writeV2Metadata(absolute, plan, attrs)
      else await writeV3Metadata(absolute, plan, attrs)
      // Read back what was written: one code path for create and open, and the metadata
      // is checked by zarrita's reader before anyone relies on it.
      const written = await readLayout(absolute)
      await writeCoordValues(written, plan)
      return written
    })
    return new Dataset(layout, options, pending)
  } finally {
    pending.done()
  }
}
