import { formatSize } from '../memory/size.js'

/** The `oom-risk` check's outcome for one test. */
export interface OomRisk {
  atRisk: boolean
  /** `peakRss / availableBytes`. */
  fraction: number
  /** A note for the report when at risk, e.g. `peaked at 1.9 GB, 95% of the 2.0 GB limit (cgroup)`. */
  note: string | undefined
}

/**
 * Share of the available memory above which a peak is an `oom-risk`.
 * @default 0.8
 */
export const OOM_RISK_FRACTION = 0.8

/**
 * Whether a test's peak came near the memory the process can really use. Pure.
 *
 * `availableBytes` is supplied by the plugin from its memory-limit probe
 * (`readMemoryLimit()` in `src/memory/memory-limit.ts`: cgroup v2 `memory.max`, else
 * cgroup v1 `memory.limit_in_bytes`, else physical RAM), because a CI container is
 * OOM-killed at its cgroup limit long before the host's RAM runs out.
 */
export function oomRisk(
  peakRss: number,
  availableBytes: number,
  fraction: number = OOM_RISK_FRACTION,
): OomRisk {
  const used = availableBytes > 0 ? peakRss / availableBytes : 0
  const atRisk = availableBytes > 0 && used >= fraction
  return {
    atRisk,
    fraction: used,
    note: atRisk
      ? `peaked at ${formatSize(peakRss)}, ${Math.round(used * 100)}% of the ${formatSize(availableBytes)} available`
      : undefined,
  }
}
