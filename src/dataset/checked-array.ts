import type { Readable } from '@zarrita/storage'
import * as zarr from 'zarrita'
import { type ChunkCache, chunkCacheKey, type DecodedChunk } from './chunk-cache.js'
import { DatasetCorrupt, isDatasetError } from './errors.js'

/** What {@link withCheckedChunks} needs to know about the array it wraps. */
export interface CheckedChunkOptions {
  /** Store path, for error messages. */
  readonly path: string
  readonly variable: string
  /** Formats a chunk's file path relative to the store, e.g. `tas/c/0/0`. */
  readonly chunkFile: (coords: readonly number[]) => string
  /** Where decoded chunks are kept; `undefined` reads through. */
  readonly cache: ChunkCache | undefined
}

/**
 * Wraps an array's `getChunk` (zarrita's extension seam, no monkey-patching) so that
 * every decoded chunk is checked and, when a cache is given, kept.
 *
 * The check matters: a truncated uncompressed chunk decodes "successfully" into a short
 * typed array, and zarrita then copies garbage. Here it becomes a `DatasetCorrupt` naming
 * the chunk file, as does any codec failure (unknown codec, bad compressed bytes).
 */
export const withCheckedChunks = zarr.defineArrayExtension(
  (array: zarr.Array<zarr.DataType, Readable>, options: CheckedChunkOptions) => {
    const expected = array.chunks.reduce((a, b) => a * b, 1)
    return {
      async getChunk(coords: number[], getOptions?: zarr.GetOptions): Promise<DecodedChunk> {
        const key = chunkCacheKey(options.variable, coords)
        const hit = options.cache?.get(key)
        if (hit) return hit
        let chunk: DecodedChunk
        try {
          chunk = await array.getChunk(coords, getOptions)
        } catch (cause) {
          throw corruptChunk(options, coords, cause)
        }
        if (chunk.data.length !== expected) {
          const reason = new Error(`decoded ${chunk.data.length} elements, expected ${expected}`)
          throw corruptChunk(options, coords, reason)
        }
        options.cache?.set(key, chunk)
        return chunk
      },
    }
  },
)

function corruptChunk(options: CheckedChunkOptions, coords: readonly number[], cause: unknown) {
  if (isDatasetError(cause)) return cause
  const detail = describeCause(cause) ?? String(cause)
  return new DatasetCorrupt(
    `Chunk ${options.chunkFile(coords)} of '${options.variable}' in ${options.path} cannot be decoded: ${detail}`,
    { path: options.path, variable: options.variable },
    cause,
  )
}

/** zarrita wraps codec failures; the codec's own message says more (e.g. "invalid input"). */
function describeCause(cause: unknown): string | undefined {
  if (!(cause instanceof Error)) return undefined
  const inner = cause.cause
  return inner instanceof Error ? `${cause.message} (${inner.message})` : cause.message
}
