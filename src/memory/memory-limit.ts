import { readFileSync } from 'node:fs'
import { totalmem } from 'node:os'

/** Where the memory available to this process is read from; parameters for tests. */
export interface MemoryLimitSources {
  /** cgroup v2 `memory.max` (`max` means unlimited). */
  readonly cgroupV2: string
  /** cgroup v1 `memory.limit_in_bytes` (a huge number means unlimited). */
  readonly cgroupV1: string
  /** Physical RAM in bytes. */
  readonly physical: number
}

/** The sources of this machine. */
export function defaultMemoryLimitSources(): MemoryLimitSources {
  return {
    cgroupV2: '/sys/fs/cgroup/memory.max',
    cgroupV1: '/sys/fs/cgroup/memory/memory.limit_in_bytes',
    physical: totalmem(),
  }
}

/** The memory the process can really use, and where that figure came from. */
export interface MemoryLimit {
  readonly bytes: number
  readonly source: 'cgroup-v2' | 'cgroup-v1' | 'physical'
}

function readLimitFile(path: string): number | undefined {
  let text: string
  try {
    text = readFileSync(path, 'utf8').trim()
  } catch {
    // No such cgroup file here (another cgroup version, or not Linux): try the next source.
    return undefined
  }
  if (text === 'max' || !/^\d+$/.test(text)) return undefined
  return Number(text)
}

/**
 * The memory limit that an OOM kill would enforce: the cgroup limit when one is set
 * and smaller than RAM, else physical RAM. Used to flag `oom-risk` peaks.
 */
export function readMemoryLimit(
  sources: MemoryLimitSources = defaultMemoryLimitSources(),
): MemoryLimit {
  for (const [path, source] of [
    [sources.cgroupV2, 'cgroup-v2'],
    [sources.cgroupV1, 'cgroup-v1'],
  ] as const) {
    const limit = readLimitFile(path)
    // cgroup v1 writes ~2^63 for "unlimited"; anything above RAM cannot bind first.
    if (limit !== undefined && limit < sources.physical) return { bytes: limit, source }
  }
  return { bytes: sources.physical, source: 'physical' }
}
