import type FileSystemStore from '@zarrita/storage/fs'
import * as zarr from 'zarrita'
import { supportAsyncDisposeEverywhere } from '../handles/async-dispose.js'
import { handles, type PendingOpen } from '../handles/index.js'
import { cStrides, toCOrder } from './c-order.js'
import { withCheckedChunks } from './checked-array.js'
import { ChunkCache } from './chunk-cache.js'
import { allocate, dtypeOf } from './dtype.js'
import {
  DatasetClosed,
  DatasetCorrupt,
  DatasetDtypeMismatch,
  DatasetShapeMismatch,
  DatasetUnsupported,
  isDatasetError,
} from './errors.js'
import type { StoredArray, StoreLayout } from './metadata.js'
import { boundedQueue } from './queue.js'
import { type NormalizedSelection, normalizeSelection, touchedChunkRanges } from './selection.js'
import type {
  CoordInfo,
  DType,
  OpenOptions,
  ReadResult,
  Selection,
  TypedArray,
  VariableInfo,
} from './spec.js'
import { unknownVariable } from './unknown-name.js'

/** Default decoded-chunk cache budget: a few realizations of a typical ensemble variable. */
export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024

type ZarrArray = zarr.Array<zarr.DataType, FileSystemStore>

interface OpenArray {
  readonly stored: StoredArray
  /** Checked and cached: reads go through the decoded-chunk cache. */
  readonly reader: ZarrArray
  /** Checked, uncached: zarrita mutates the chunks it reads for a partial write. */
  readonly writer: ZarrArray
}

type ZarrSelection = (number | zarr.Slice)[]

function toZarrSelection(selection: NormalizedSelection): ZarrSelection {
  return selection.perDim.map((part) =>
    'index' in part ? part.index : zarr.slice(part.range.start, part.range.stop, part.range.step),
  )
}

/**
 * An open dataset over a Zarr store (v2 or v3): xarray's model of dims, coordinates,
 * data variables and attributes. Get one from `openDataset` or `createDataset`.
 *
 * While open it holds the store's metadata and a decoded-chunk cache (real memory, up to
 * `OpenOptions.cacheBytes`) and is tracked in `handles`. `close()` waits for in-flight
 * reads and writes, drops all of it and releases the handle; it is idempotent, and
 * `await using` calls it.
 *
 * The cache is per Dataset: writes made through another Dataset (another worker) are
 * not seen by chunks already cached here; call `clearCache()` or reopen to see them.
 */
export class Dataset implements AsyncDisposable {
  /** Absolute store path. */
  readonly path: string
  readonly zarrFormat: 2 | 3
  /** Dimension name → length. */
  readonly dims: Readonly<Record<string, number>>
  /** Data variables (not coordinates). */
  readonly variables: Readonly<Record<string, VariableInfo>>
  readonly coords: Readonly<Record<string, CoordInfo>>
  /** Dataset attributes, from the root group. */
  readonly attrs: Readonly<Record<string, unknown>>

  #arrays: Map<string, OpenArray> | undefined
  readonly #unsupported: ReadonlyMap<string, string>
  readonly #missingMetadata: ReadonlyMap<string, string>
  readonly #cache: ChunkCache
  readonly #pending = new Set<Promise<unknown>>()
  #closed = false

  /**
   * Internal: use `openDataset` or `createDataset`. Tracks the new dataset in `handles`.
   */
  constructor(layout: StoreLayout, options: OpenOptions = {}, pending?: PendingOpen) {
    this.path = layout.path
    this.zarrFormat = layout.zarrFormat
    this.dims = Object.freeze({ ...layout.dims })
    this.attrs = Object.freeze({ ...layout.attrs })
    this.#unsupported = layout.unsupported
    this.#missingMetadata = layout.missingMetadata
    this.#cache = new ChunkCache(options.cacheBytes ?? DEFAULT_CACHE_BYTES)
    const variables: Record<string, VariableInfo> = {}
    const coords: Record<string, CoordInfo> = {}
    this.#arrays = new Map()
    for (const [kind, map] of [
      ['variable', layout.variables],
      ['coord', layout.coords],
    ] as const) {
      for (const [name, stored] of map) {
        if (kind === 'variable') variables[name] = stored.info as VariableInfo
        else coords[name] = stored.info
        const checked = { path: this.path, variable: name, chunkFile: stored.chunkFile }
        this.#arrays.set(name, {
          stored,
          reader: withCheckedChunks(stored.array, { ...checked, cache: this.#cache }),
          writer: withCheckedChunks(stored.array, { ...checked, cache: undefined }),
        })
      }
    }
    this.variables = Object.freeze(variables)
    this.coords = Object.freeze(coords)
    handles.track(this, {
      kind: 'dataset',
      label: this.path,
      heldBytes: cachedBytesOf,
      // Owned by the test that began the open, at the line that began it, even when the
      // open finished after the test ended or nothing awaited it.
      pending,
      // Tracked as `this` from its constructor: an unformatted stack would hold the dataset
      // (and its chunk cache) through this frame, so it could never be reported collected.
      eagerStack: true,
    })
  }

  /** True after `close()`. */
  get closed(): boolean {
    return this.#closed
  }

  /** Decoded bytes held in the chunk cache now (0 after `close()`). */
  get cachedBytes(): number {
    return this.#cache.bytes
  }

  /** Decoded chunks held in the cache now. */
  get cachedChunks(): number {
    return this.#cache.size
  }

  /** The cache's byte budget (`OpenOptions.cacheBytes`). */
  get cacheBudget(): number {
    return this.#cache.budget
  }

  /** Drops every cached chunk, e.g. to see what other writers wrote since. */
  clearCache(): void {
    this.#cache.clear()
  }

  /**
   * Reads a data variable or numeric coordinate, whole or by selection.
   *
   * @returns C-order data with its shape and the dims kept (an index drops its dim)
   * @throws DatasetClosed, DatasetUnknownVariable, DatasetUnknownDim,
   *   DatasetSelectionOutOfRange, DatasetUnsupported (strings: use `coordValues`), DatasetCorrupt
   */
  async read(name: string, selection?: Selection): Promise<ReadResult> {
    const open = this.#numeric('read', name)
    const sel = normalizeSelection(this.#target(open), selection)
    const dtype = open.stored.info.dtype as DType
    if (sel.size === 0) return { data: allocate(dtype, 0), shape: sel.shape, dims: sel.dims }
    const result = await this.#zarr(name, () =>
      zarr.get(open.reader, toZarrSelection(sel), { createQueue: boundedQueue }),
    )
    if (typeof result !== 'object' || result === null) {
      // Every dim was indexed: zarrita returns the bare scalar.
      const data = allocate(dtype, 1)
      data[0] = Number(result)
      return { data, shape: [], dims: [] }
    }
    const data = toCOrder(result.data as TypedArray, result.shape, result.stride)
    return { data, shape: sel.shape, dims: sel.dims }
  }

  /**
   * The values of a coordinate, in C order: strings for string coordinates (station
   * names), numbers otherwise.
   */
  async coordValues(name: string): Promise<number[] | string[]> {
    this.#assertOpen('read', name)
    if (!(name in this.coords)) throw unknownVariable(this.path, name, Object.keys(this.coords))
    const open = this.#arrays?.get(name)
    if (!open) throw this.#closedError('read', name)
    if (open.stored.info.dtype !== 'string') return Array.from((await this.read(name)).data)
    const result = await this.#zarr(name, () =>
      zarr.get(open.reader, null, { createQueue: boundedQueue }),
    )
    const data = (result as { data: unknown }).data
    if (Array.isArray(data)) return data.map(String)
    // v2 fixed-width `<U`/`|S` arrays come back as zarrita string arrays with `get(i)`.
    const fixed = data as { length: number; get(i: number): string }
    return Array.from({ length: fixed.length }, (_, i) => fixed.get(i))
  }

  /**
   * Writes `data` (C order) into a variable, whole or at a selection; its length must
   * equal the selected size and its type must match the variable's dtype.
   *
   * Concurrent writers (threads, processes) are safe as long as they write different
   * chunks: each chunk is one file, rewritten whole.
   *
   * @throws DatasetClosed, DatasetUnknownVariable, DatasetUnknownDim,
   *   DatasetSelectionOutOfRange, DatasetDtypeMismatch, DatasetShapeMismatch, DatasetCorrupt
   */
  async write(name: string, data: TypedArray, selection?: Selection): Promise<void> {
    const open = this.#numeric('write', name)
    const info = open.stored.info
    const got = dtypeOf(data)
    if (got !== info.dtype) {
      const kind = (data as { constructor?: { name?: string } })?.constructor?.name ?? typeof data
      throw new DatasetDtypeMismatch(
        `Cannot write ${kind} to '${name}' (${info.dtype}) in ${this.path}: pass a ${allocate(info.dtype as DType, 0).constructor.name}.`,
        { path: this.path, variable: name },
      )
    }
    const sel = normalizeSelection(this.#target(open), selection)
    if (data.length !== sel.size) {
      throw new DatasetShapeMismatch(
        `Cannot write ${data.length} values to '${name}' in ${this.path}: the selection has shape [${sel.shape.join(', ')}] (${sel.size} values).`,
        { path: this.path, variable: name },
      )
    }
    if (sel.size === 0) return
    const value = { data, shape: sel.shape, stride: cStrides(sel.shape) }
    this.#evict(name, sel, open)
    try {
      await this.#zarr(name, () =>
        zarr.set(open.writer, toZarrSelection(sel), value as zarr.Chunk<zarr.DataType>, {
          createQueue: boundedQueue,
        }),
      )
    } finally {
      // A read racing this write may have cached the old bytes of these chunks.
      this.#evict(name, sel, open)
    }
  }

  /**
   * Closes the dataset: waits for in-flight reads and writes, empties the chunk cache,
   * drops the metadata and releases the handle. Idempotent; never throws.
   */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    // Their failures already reached their own callers; here we only wait for them.
    await Promise.allSettled([...this.#pending])
    this.#cache.clear()
    this.#arrays = undefined
    handles.release(this)
  }

  /** Closes the dataset; lets `await using ds = await openDataset(…)` close it. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close()
  }

  #closedError(operation: 'read' | 'write', name: string): DatasetClosed {
    return new DatasetClosed(
      `Cannot ${operation} '${name}': the dataset at ${this.path} is closed.`,
      { path: this.path, variable: name },
    )
  }

  #assertOpen(operation: 'read' | 'write', name: string): void {
    if (this.#closed) throw this.#closedError(operation, name)
  }

  #numeric(operation: 'read' | 'write', name: string): OpenArray {
    this.#assertOpen(operation, name)
    const open = this.#arrays?.get(name)
    if (!open) {
      const lost = this.#missingMetadata.get(name)
      if (lost !== undefined) {
        throw new DatasetCorrupt(
          `Array '${name}' in ${this.path} has no ${lost}: its directory holds files but its metadata is missing.`,
          { path: this.path, variable: name },
        )
      }
      const reason = this.#unsupported.get(name)
      if (reason !== undefined) {
        throw new DatasetUnsupported(
          `Cannot ${operation} '${name}' in ${this.path}: ${reason} is not supported by leakguard's dataset layer.`,
          { path: this.path, variable: name },
        )
      }
      const known = [...Object.keys(this.variables), ...Object.keys(this.coords)]
      throw unknownVariable(this.path, name, known)
    }
    if (open.stored.info.dtype === 'string') {
      throw new DatasetUnsupported(
        `Cannot ${operation} '${name}' in ${this.path} as numbers: it holds strings. Use coordValues('${name}').`,
        { path: this.path, variable: name },
      )
    }
    return open
  }

  #target(open: OpenArray) {
    const { name, dims, shape } = open.stored.info
    return { path: this.path, variable: name, dims, shape }
  }

  #evict(name: string, sel: NormalizedSelection, open: OpenArray): void {
    if (this.#cache.size === 0) return
    this.#cache.deleteChunks(name, touchedChunkRanges(sel, open.stored.array.chunks))
  }

  /** Runs a zarrita call as a pending operation, turning zarrita's errors into ours. */
  async #zarr<T>(name: string, run: () => Promise<T>): Promise<T> {
    const task = run()
    this.#pending.add(task)
    try {
      return await task
    } catch (error) {
      if (isDatasetError(error) || !zarr.isZarritaError(error)) throw error
      throw new DatasetCorrupt(
        `Cannot access '${name}' in ${this.path}: ${error.message}`,
        { path: this.path, variable: name },
        error,
      )
    } finally {
      this.#pending.delete(task)
    }
  }
}

supportAsyncDisposeEverywhere(Dataset.prototype)

/** What a leaked dataset costs: its decoded-chunk cache (asked only when it is reported). */
function cachedBytesOf(dataset: Dataset): number {
  return dataset.cachedBytes
}
