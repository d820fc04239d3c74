import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { statusKilobytes } from './proc-status.js'

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
    physical: physicalMemory(),
  }
}

/**
 * Physical RAM in bytes: on Linux the `MemTotal` line of `/proc/meminfo`, the figure
 * `os.totalmem()` returns (libuv reads the same line); elsewhere `os.totalmem()`.
 *
 * Why not `os.totalmem()` everywhere: a vitest forks worker has not loaded `node:os`, and
 * every test file's worker asks for this once; loading the module costs ~0.3 ms CPU there,
 * the read ~0.03 ms (issue 15, per-file start-up).
 *
 * @param meminfo - the file to read; a parameter for tests
 */
export function physicalMemory(meminfo = '/proc/meminfo'): number {
  const total = readMemTotal(meminfo)
  if (total !== undefined) return total
  const os = createRequire(import.meta.url)('node:os') as typeof import('node:os')
  return os.totalmem()
}

function readMemTotal(meminfo: string): number | undefined {
  let text: string
  try {
    text = readFileSync(meminfo, 'utf8')
  } catch {
    // Not Linux (or no procfs mounted): the caller asks the OS instead.
    return undefined
  }
  // The same `Name:   123 kB` line as a status file's.
  return statusKilobytes(text, 'MemTotal')
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
