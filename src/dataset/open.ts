import { resolve } from 'node:path'
import { handles } from '../handles/registry.js'
import { installBloscShuffleShim } from './codecs.js'
import { Dataset } from './dataset.js'
import { readLayout } from './metadata.js'
import { withMetadataSlot } from './queue.js'
import type { OpenOptions } from './spec.js'

/**
 * Opens an existing Zarr store (v2 or v3, written by anyone) as a {@link Dataset}.
 * Consolidated metadata is not needed: arrays are found by listing the store directory.
 *
 * The dataset is tracked in `handles` from here until `close()`. A failed open tracks
 * nothing: the handle is only created once all metadata has been read.
 *
 * @param path - the store directory
 * @throws DatasetNotFound, DatasetNotZarr, DatasetCorrupt
 * @example
 * await using ds = await openDataset('/data/run.zarr')
 * const { data, shape } = await ds.read('tas', { realization: 0 })
 */
export async function openDataset(path: string, options: OpenOptions = {}): Promise<Dataset> {
  installBloscShuffleShim()
  const pending = handles.opening()
  try {
    const layout = await withMetadataSlot(() => readLayout(resolve(path)))
    return new Dataset(layout, options, pending)
  } finally {
    pending.done()
  }
}
