/**
 * The growth detector behind memwatch's `leak` event, as pure functions: the heap after
 * GC rising over N consecutive samples, each rise by more than a noise floor. A cache
 * warming up looks the same (so it is a warning, never a failure), but a sawtooth that
 * returns to its floor never trips it. `GcStats` feeds it every full GC of an isolate;
 * the report feeds it each worker's heap after GC, test by test.
 */

/** When a streak of rises counts as growth. */
export interface GrowthThreshold {
  /** Rises in a row that make the heap `growing` (memwatch: 5). */
  readonly consecutive: number
  /** A rise counts when larger than this, in bytes; less (or a fall) ends the streak. */
  readonly minGrowthBytes: number
}

/** memwatch's default: 5 consecutive rises, here each above 1 MB of noise. */
export const DEFAULT_GROWTH_THRESHOLD: GrowthThreshold = {
  consecutive: 5,
  minGrowthBytes: 1024 * 1024,
}

/** A run of consecutive rises. */
export interface GrowthStreak {
  /** Rises in a row so far (0: none). */
  readonly rises: number
  /** The sample the streak rose from. */
  readonly from: number
}

/** No streak. */
export const NO_STREAK: GrowthStreak = { rises: 0, from: 0 }

/** The streak after one more sample (`previous` → `current`). Pure. */
export function nextStreak(
  streak: GrowthStreak,
  previous: number | undefined,
  current: number,
  threshold: GrowthThreshold,
): GrowthStreak {
  if (previous === undefined || current - previous <= threshold.minGrowthBytes) return NO_STREAK
  return { rises: streak.rises + 1, from: streak.rises === 0 ? previous : streak.from }
}

/** The longest streak in a series of samples that reached the threshold. */
export interface HeapGrowthFound {
  /** Rises in a row: the samples `firstIndex` … `lastIndex` each rose above the one before. */
  readonly rises: number
  /** Index of the sample the streak rose from. */
  readonly firstIndex: number
  /** Index of its last sample. */
  readonly lastIndex: number
  /** Growth over the streak, in bytes. */
  readonly bytes: number
}

/**
 * The longest streak of rises in `samples` (heap after GC, in order), when it reaches
 * `threshold.consecutive`; otherwise `undefined`. Pure.
 */
export function findHeapGrowth(
  samples: readonly number[],
  threshold: GrowthThreshold = DEFAULT_GROWTH_THRESHOLD,
): HeapGrowthFound | undefined {
  let streak = NO_STREAK
  let best: HeapGrowthFound | undefined
  samples.forEach((current, index) => {
    streak = nextStreak(streak, samples[index - 1], current, threshold)
    if (streak.rises >= threshold.consecutive && streak.rises > (best?.rises ?? 0)) {
      best = {
        rises: streak.rises,
        firstIndex: index - streak.rises,
        lastIndex: index,
        bytes: current - streak.from,
      }
    }
  })
  return best
}
