import { writeFileAtomic } from './atomic-file.js'
import { parseJsonFile } from './json-position.js'
import { lazySchema } from './lazy-schema.js'
import type { PeakMethod, Report, RetainedMethod, RssScope, RunEnvironment } from './model.js'
import { readInput } from './read-input.js'
import { retainedForBaseline } from './retained-check.js'
import { shapeError } from './zod-issue.js'

/** Bumped on any incompatible change to {@link Baseline}. */
export const BASELINE_SCHEMA_VERSION = 1

/** One test's accepted figures, in bytes. */
export interface BaselineTest {
  file: string
  name: string
  project?: string
  retainedHeap: number
  peakRssDelta: number
  /**
   * Whether `retainedHeap` was measured after a forced GC. Without one it mostly measures
   * when the collector last ran, so the gate compares it only when both sides forced GC.
   */
  gcForced: boolean
  /**
   * How `retainedHeap` was measured. A `bound` is recorded as such, never as an exact
   * figure: the gate reads it as "retained nothing" (see `retainedBaseValue`). Absent in
   * baselines recorded before leakguard wrote it: then `gcForced` decides.
   */
  retainedMethod?: RetainedMethod
  /**
   * How `peakRssDelta` was measured. A kernel high-water mark and a sampled peak differ by
   * the spikes sampling misses, so the gate compares peaks only when both sides agree.
   * Absent in baselines recorded before leakguard wrote it: then it is not checked.
   */
  peakMethod?: PeakMethod
  /** Whose RSS it was: a forks worker's own, or a threads pool's shared process. Same rule. */
  rssScope?: RssScope
}

/** Where the baseline was recorded: figures from another platform or Node may not compare. */
export type BaselineEnvironment = Pick<RunEnvironment, 'platform' | 'arch' | 'node' | 'vitest'>

/** The whole of `leakguard.baseline.json`. */
export interface Baseline {
  schemaVersion: typeof BASELINE_SCHEMA_VERSION
  environment: BaselineEnvironment
  tests: BaselineTest[]
}

const baselineSchema = lazySchema((z) =>
  z.object({
    schemaVersion: z.literal(BASELINE_SCHEMA_VERSION),
    environment: z.object({
      platform: z.string(),
      arch: z.string(),
      node: z.string(),
      vitest: z.string(),
    }),
    tests: z.array(
      z.object({
        file: z.string(),
        name: z.string(),
        project: z.string().optional(),
        retainedHeap: z.number(),
        peakRssDelta: z.number(),
        gcForced: z.boolean(),
        retainedMethod: z.enum(['exact', 'bound', 'at-least', 'none']).optional(),
        peakMethod: z.enum(['kernel-hwm', 'sampled', 'none']).optional(),
        rssScope: z.enum(['process', 'shared-process']).optional(),
      }),
    ),
  }),
)

/** Parses and validates baseline text; throws a `ReportInputError` naming file and position. */
export function parseBaseline(text: string, file: string): Baseline {
  const parsed = baselineSchema().safeParse(parseJsonFile(text, file))
  if (!parsed.success) throw shapeError(file, 'leakguard baseline', parsed.error)
  const { schemaVersion, environment, tests } = parsed.data
  return {
    schemaVersion,
    environment,
    // Optional fields are left out rather than set to undefined (exactOptionalPropertyTypes).
    tests: tests.map(({ project, peakMethod, rssScope, retainedMethod, ...test }) => ({
      ...test,
      ...(project === undefined ? {} : { project }),
      ...(retainedMethod === undefined ? {} : { retainedMethod }),
      ...(peakMethod === undefined ? {} : { peakMethod }),
      ...(rssScope === undefined ? {} : { rssScope }),
    })),
  }
}

/** Reads and validates a baseline file. */
export function readBaseline(path: string): Baseline {
  return parseBaseline(readInput(path), path)
}

/** The baseline a report would record: every test that has memory figures. */
export function baselineFromReport(report: Report): Baseline {
  const { platform, arch, node, vitest } = report.environment
  const tests = report.tests.flatMap((test) =>
    test.memory === null
      ? []
      : [
          {
            file: test.file,
            name: test.name,
            ...(test.project === undefined ? {} : { project: test.project }),
            retainedHeap: test.memory.retainedHeap,
            peakRssDelta: test.memory.peakRssDelta,
            gcForced: test.memory.gcForced,
            ...retainedForBaseline(test.memory),
            peakMethod: test.memory.peakMethod,
            rssScope: test.memory.rssScope,
          },
        ],
  )
  return {
    schemaVersion: BASELINE_SCHEMA_VERSION,
    environment: { platform, arch, node, vitest },
    tests,
  }
}

function compareText(a: string, b: string): number {
  // Code-unit order, not locale order: the file must not change with the reviewer's locale.
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * The baseline as text with a stable layout, so a diff shows only real changes: tests
 * sorted by file, project, name; fields in a fixed order; two-space indent; final newline.
 */
export function serializeBaseline(baseline: Baseline): string {
  const tests = [...baseline.tests]
    .sort(
      (a, b) =>
        compareText(a.file, b.file) ||
        compareText(a.project ?? '', b.project ?? '') ||
        compareText(a.name, b.name),
    )
    .map((test) => ({
      file: test.file,
      name: test.name,
      ...(test.project === undefined ? {} : { project: test.project }),
      retainedHeap: test.retainedHeap,
      peakRssDelta: test.peakRssDelta,
      gcForced: test.gcForced,
      ...(test.retainedMethod === undefined ? {} : { retainedMethod: test.retainedMethod }),
      ...(test.peakMethod === undefined ? {} : { peakMethod: test.peakMethod }),
      ...(test.rssScope === undefined ? {} : { rssScope: test.rssScope }),
    }))
  const { platform, arch, node, vitest } = baseline.environment
  const ordered = {
    schemaVersion: baseline.schemaVersion,
    environment: { platform, arch, node, vitest },
    tests,
  }
  return `${JSON.stringify(ordered, null, 2)}\n`
}

/** Writes the baseline atomically (temporary file, then rename). */
export function writeBaseline(path: string, baseline: Baseline): void {
  writeFileAtomic(path, serializeBaseline(baseline))
}
