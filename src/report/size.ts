import { formatSize } from '../memory/size.js'

/**
 * A change in memory, signed: `+412.0 MB`, `-3.0 MB`. Sizes themselves are formatted by
 * the shared {@link formatSize}, so the gate and the plugin print the same units.
 */
export function formatDelta(value: number): string {
  return value < 0 ? formatSize(value) : `+${formatSize(value)}`
}

export { formatSize }
