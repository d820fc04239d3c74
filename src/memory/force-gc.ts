import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

let cached: (() => void) | undefined

/**
 * Returns a function that runs a full, forced garbage collection, without needing
 * `--expose-gc` on the command line.
 *
 * Why it works: `--expose-gc` set at run time applies to contexts created afterwards,
 * so a fresh `vm` context hands out a working `gc`. The flag is process-wide, which is
 * harmless: it only adds a `gc` global to contexts created later.
 */
export function getForcedGc(): () => void {
  if (cached) return cached
  const existing = (globalThis as { gc?: unknown }).gc
  if (typeof existing === 'function') {
    cached = existing as () => void
    return cached
  }
  setFlagsFromString('--expose-gc')
  const gc: unknown = runInNewContext('gc')
  if (typeof gc !== 'function') throw new TypeError('leakguard: V8 did not expose gc()')
  cached = gc as () => void
  return cached
}
