import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

let cached: (() => void) | undefined

/** V8's exposed `gc`; an options object selects the kind of collection. */
type V8Gc = (options?: { type?: 'major' | 'minor' }) => void

/**
 * Returns a function that runs a full, forced garbage collection and waits until the
 * ArrayBuffer memory it freed has been released, without needing `--expose-gc` on the
 * command line.
 *
 * Why two steps: V8 frees dead ArrayBuffers' backing stores (Buffers, typed arrays, the
 * datasets' chunks) on a background thread after a full GC. Measured here, up to the whole
 * 60 MB of a dropped Buffer was still resident right after `gc()` in 14–15 of 15 tries,
 * so a test's start or end figures counted memory already freed. The next collection
 * first waits for that sweep to finish; a minor one is enough: after it, 0 MB
 * in 15 of 15, for ~0.5 ms more per collection (`node bench/gc-sweep/run.mjs`).
 *
 * Why the flag works at run time: `--expose-gc` applies to contexts created afterwards,
 * so a fresh `vm` context hands out a working `gc`. The flag is process-wide, which is
 * harmless: it only adds a `gc` global to contexts created later.
 */
export function getForcedGc(): () => void {
  if (cached) return cached
  const gc = exposedGc()
  cached = () => {
    gc()
    gc({ type: 'minor' })
  }
  return cached
}

function exposedGc(): V8Gc {
  const existing = (globalThis as { gc?: unknown }).gc
  if (typeof existing === 'function') return existing as V8Gc
  setFlagsFromString('--expose-gc')
  const gc: unknown = runInNewContext('gc')
  if (typeof gc !== 'function') throw new TypeError('leakguard: V8 did not expose gc()')
  return gc as V8Gc
}
