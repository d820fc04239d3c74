export { countOpenFds } from './fd-count.js'
export { getForcedGc } from './force-gc.js'
export {
  defaultMemoryLimitSources,
  type MemoryLimit,
  type MemoryLimitSources,
  readMemoryLimit,
} from './memory-limit.js'
export {
  createPeakProbe,
  type PeakPaths,
  type PeakProbe,
  type PeakReading,
  procPeakPaths,
  readVmHwm,
  resetVmHwm,
} from './peak.js'
export { type ProcessMemory, readProcessMemory } from './process-memory.js'
export { formatSize, parseSize } from './size.js'
export {
  finishSnapshot,
  type MemoryFinish,
  type MemoryStart,
  type SnapshotOptions,
  startSnapshot,
} from './test-snapshot.js'
