import type * as zarr from 'zarrita'

/** A decoded chunk as zarrita hands it out. */
export type DecodedChunk = zarr.Chunk<zarr.DataType>

/**
 * The decoded-chunk cache of one open dataset: least recently used chunks are dropped
 * once the decoded bytes exceed the budget.
 *
 * It is deliberately real memory: repeated reads of a realization skip decode, and a
 * Dataset left open keeps these bytes alive, which is what leakguard must be able to
 * see. `clear()` (called by `close()`) lets them go.
 */
export class ChunkCache {
  readonly #entries = new Map<string, { chunk: DecodedChunk; bytes: number }>()
  #bytes = 0

  /** @param budget - most decoded bytes kept; 0 keeps nothing */
  constructor(readonly budget: number) {}

  /** Decoded bytes held now. */
  get bytes(): number {
    return this.#bytes
  }

  /** Chunks held now. */
  get size(): number {
    return this.#entries.size
  }

  /** The chunk under `key`, marked most recently used. */
  get(key: string): DecodedChunk | undefined {
    const entry = this.#entries.get(key)
    if (!entry) return undefined
    this.#entries.delete(key)
    this.#entries.set(key, entry)
    return entry.chunk
  }

  /**
   * Keeps `chunk` under `key`, evicting the least recently used chunks beyond the budget.
   * Only typed-array chunks are kept (string chunks have no honest byte size), and a chunk
   * larger than the whole budget is not kept at all.
   */
  set(key: string, chunk: DecodedChunk): void {
    if (!ArrayBuffer.isView(chunk.data)) return
    const bytes = chunk.data.byteLength
    if (bytes > this.budget) return
    this.delete(key)
    this.#entries.set(key, { chunk, bytes })
    this.#bytes += bytes
    for (const [oldKey, entry] of this.#entries) {
      if (this.#bytes <= this.budget) break
      this.#entries.delete(oldKey)
      this.#bytes -= entry.bytes
    }
  }

  /** Drops the chunk under `key`, if held. */
  delete(key: string): void {
    const entry = this.#entries.get(key)
    if (!entry) return
    this.#entries.delete(key)
    this.#bytes -= entry.bytes
  }

  /**
   * Drops every chunk of `variable` inside a block of chunk indices: one `[start, stop)`
   * range per axis, e.g. the chunks a write is about to replace.
   */
  deleteChunks(variable: string, ranges: readonly (readonly [number, number])[]): void {
    const visit = (axis: number, coords: number[]): void => {
      const range = ranges[axis]
      if (!range) {
        this.delete(chunkCacheKey(variable, coords))
        return
      }
      for (let c = range[0]; c < range[1]; c++) visit(axis + 1, [...coords, c])
    }
    visit(0, [])
  }

  /** Drops everything. */
  clear(): void {
    this.#entries.clear()
    this.#bytes = 0
  }
}

/** The cache key of one chunk of one variable. */
export function chunkCacheKey(variable: string, coords: readonly number[]): string {
  return `${variable}/${coords.join('.')}`
}
