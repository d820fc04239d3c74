import { parseJsonFile } from './json-position.js'
import { lazySchema } from './lazy-schema.js'
import { REPORT_SCHEMA_VERSION, type Report } from './model.js'
import { readInput } from './read-input.js'
import { shapeError } from './zod-issue.js'

type Z = Parameters<Parameters<typeof lazySchema>[0]>[0]

/**
 * The numeric memory figures every reader checks, in `report.json` and in `memory.jsonl`
 * test-end events alike (`TestMemory` in model.ts). The log's cheap check
 * (log-event-check.ts) asks for these same keys.
 */
export const MEMORY_FIGURES = [
  'heapUsedBefore',
  'heapUsedAfter',
  'retainedHeap',
  'rssBefore',
  'rssAfter',
  'peakRss',
  'peakRssDelta',
] as const

/** {@link MEMORY_FIGURES} as zod shape fields, each a number. */
export function memoryFigureFields(z: Z) {
  return Object.fromEntries(MEMORY_FIGURES.map((key) => [key, z.number()])) as Record<
    (typeof MEMORY_FIGURES)[number],
    ReturnType<Z['number']>
  >
}

/** A test's `heapDiff` (`TestHeapDiff` in model.ts): the rerun's findings are read with it. */
export function heapDiffShape(z: Z) {
  return z.looseObject({
    source: z.enum(['run', 'rerun']),
    added: z.array(
      z.looseObject({
        constructor: z.string(),
        count: z.number(),
        bytes: z.number(),
        selfBytes: z.number(),
      }),
    ),
    beforeBytes: z.number(),
    afterBytes: z.number(),
    durationMs: z.number(),
  })
}

const reportSchema = lazySchema((z) => {
  const leakSchema = z.looseObject({
    id: z.string(),
    kind: z.string(),
    label: z.string(),
    openedAt: z.string(),
    stack: z.string(),
    state: z.enum(['open', 'collected-while-open']),
  })

  const memorySchema = z.looseObject({
    ...memoryFigureFields(z),
    peakMethod: z.enum(['kernel-hwm', 'sampled', 'none']),
    retainedMethod: z.enum(['exact', 'bound', 'at-least', 'none']).optional(),
    retainedHeapMax: z.number().optional(),
  })

  const heapDiffSchema = heapDiffShape(z)

  const comparisonSchema = z.looseObject({
    metric: z.enum(['peakRssDelta', 'retainedHeap']),
    current: z.number(),
    baseline: z.number(),
    limit: z.number(),
    delta: z.number(),
    regressed: z.boolean(),
  })

  const runGateSchema = z.looseObject({
    ok: z.boolean(),
    baseline: z.string().optional(),
    tolerance: z.looseObject({ relative: z.number(), floorBytes: z.number() }),
    checked: z.number(),
    failures: z.number(),
    removed: z.array(
      z.looseObject({ file: z.string(), name: z.string(), project: z.string().optional() }),
    ),
    environmentWarning: z.string().optional(),
  })

  // Loose objects: a newer plugin may add fields, which pass through untouched.
  return z.looseObject({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    createdAt: z.string(),
    complete: z.boolean(),
    environment: z.looseObject({
      platform: z.string(),
      arch: z.string(),
      node: z.string(),
      vitest: z.string(),
      pool: z.string(),
    }),
    tests: z.array(
      z.looseObject({
        file: z.string(),
        name: z.string(),
        project: z.string().optional(),
        state: z.enum(['pass', 'fail', 'skip', 'todo', 'crashed']),
        status: z.enum(['ok', 'leak', 'over-limit', 'regression', 'oom-risk', 'crashed']),
        leaks: z.array(leakSchema),
        memory: memorySchema.nullable(),
        notes: z.array(z.string()).optional(),
        heapDiff: heapDiffSchema.optional(),
        gate: z
          .looseObject({
            baseline: z.enum(['compared', 'new']),
            comparisons: z.array(comparisonSchema),
          })
          .optional(),
      }),
    ),
    scopes: z.array(
      z.looseObject({
        file: z.string(),
        name: z.string(),
        scope: z.enum(['suite', 'file']),
        leaks: z.array(leakSchema),
      }),
    ),
    gate: runGateSchema.optional(),
    workers: z
      .array(
        z.looseObject({
          pid: z.number(),
          thread: z.number(),
          tests: z.number(),
          gcCount: z.number(),
          fullGcCount: z.number(),
          gcPauseMs: z.number(),
          heapAfterGc: z.number().nullable(),
        }),
      )
      .optional(),
  })
})

/** Parses and validates the text of a `report.json`; throws a {@link ReportInputError}. */
export function parseReport(text: string, file: string): Report {
  const parsed = reportSchema().safeParse(parseJsonFile(text, file))
  if (!parsed.success) throw shapeError(file, 'leakguard report', parsed.error)
  // The schema checks every field the gate and renderers read; the rest passes through.
  return parsed.data as unknown as Report
}

/** Reads and validates a `report.json`; throws a {@link ReportInputError}. */
export function readReport(path: string): Report {
  return parseReport(readInput(path), path)
}
