import { createReadStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getHeapSnapshot, writeHeapSnapshot } from 'node:v8'
import { threadId } from 'node:worker_threads'
import type { SnapshotSource } from '../heap-snapshot/reader.js'

/**
 * Where a snapshot's text goes between V8 and the parser:
 * - `'memory'`: `v8.getHeapSnapshot()`. Node serializes the whole text into buffers at
 *   once (about 70 bytes per heap object, outside the JS heap) before the parser reads it.
 * - `'file'`: `v8.writeHeapSnapshot()` to a temporary file, read back 1 MB at a time and
 *   deleted. Needs that much free disk instead of memory.
 */
export type SnapshotVia = 'memory' | 'file'

/** A snapshot taken; its text is read from `source`, then `dispose()` frees what it used. */
export interface TakenSnapshot {
  readonly source: SnapshotSource
  dispose(): Promise<void>
}

let sequence = 0

/** Takes a heap snapshot now (synchronously) and returns how to read it. */
export function takeSnapshot(via: SnapshotVia): TakenSnapshot {
  if (via === 'memory') return { source: getHeapSnapshot(), dispose: async () => undefined }
  const path = join(tmpdir(), `leakguard-${process.pid}-${threadId}-${sequence++}.heapsnapshot`)
  writeHeapSnapshot(path)
  return {
    source: createReadStream(path, { highWaterMark: 1024 * 1024 }),
    dispose: () => rm(path, { force: true }),
  }
}
