import { globalSlot } from '../handles/global-slot.js'
import type { MemoryStart } from './test-snapshot.js'

/**
 * The "before" figures of each running test, by vitest task id, published by the
 * plugin's runner so the `memory` fixture measures the same window as the report
 * instead of resetting the kernel peak a second time (which would hide whatever
 * `beforeEach` hooks allocated from the plugin's figure). Empty without the plugin.
 */
export const testStarts: Map<string, MemoryStart> = globalSlot(
  'leakguard.test-starts.v1',
  () => new Map<string, MemoryStart>(),
)
