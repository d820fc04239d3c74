import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { isWellFormedLogEvent } from '../../src/report/log-event-check.js'
import { logEventSchema, parseLogText } from '../../src/report/log-reader.js'

const num = fc.integer({ min: -(2 ** 40), max: 2 ** 40 })
const text = fc.string({ maxLength: 12 })
const base = { time: fc.nat(), pid: fc.integer({ min: 1, max: 99_999 }) }
const identity = { id: text, file: text, name: text }
const memory = fc.record({
  heapUsedBefore: num,
  heapUsedAfter: num,
  retainedHeap: num,
  rssBefore: num,
  rssAfter: num,
  peakRss: num,
  peakRssDelta: num,
  peakMethod: fc.constantFrom('kernel-hwm', 'sampled', 'none'),
  gcForced: fc.boolean(),
})
const statuses = fc.record({
  ok: fc.nat(),
  leak: fc.nat(),
  'over-limit': fc.nat(),
  regression: fc.nat(),
  'oom-risk': fc.nat(),
  crashed: fc.nat(),
})

/** Every event type as the workers and the main process write it. */
const validEvent: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ type: fc.constant('session-start'), ...base, node: text, pool: text }),
  fc.record(
    {
      type: fc.constant('session-end'),
      ...base,
      complete: fc.boolean(),
      tests: fc.nat(),
      statuses,
    },
    { requiredKeys: ['type', 'time', 'pid', 'complete', 'tests'] },
  ),
  fc.record({ type: fc.constant('test-start'), ...base, ...identity, rss: fc.nat() }),
  fc.record({
    type: fc.constant('test-gc'),
    ...base,
    ...identity,
    thread: fc.nat(),
    gcCount: fc.nat(),
    fullGcCount: fc.nat(),
    gcPauseMs: fc.double({ min: 0, max: 1e4, noNaN: true }),
    heapAfterGc: fc.option(fc.nat(), { nil: null }),
  }),
  fc.record({
    type: fc.constant('test-end'),
    ...base,
    ...identity,
    state: fc.constantFrom('pass', 'fail'),
    status: fc.constantFrom('ok', 'leak', 'oom-risk'),
    memory,
    leaks: fc.array(fc.record({ id: text, kind: text, label: text, openedAt: text, stack: text }), {
      maxLength: 2,
    }),
  }),
)

/** A value that breaks a field: wrong type, non-finite, empty, or any JSON at all. */
const badValue = fc.oneof(
  fc.constantFrom(Number.POSITIVE_INFINITY, Number.NaN, null, '1', [], {}, true, 'test-end'),
  fc.jsonValue(),
)

type Mutation = { path: string[]; to: 'delete' | 'extra' | { value: unknown } }

/** Deletes, replaces or adds a field somewhere in the event (top level or one level in). */
function mutate(event: Record<string, unknown>, { path, to }: Mutation): void {
  let target: unknown = event
  for (const key of path.slice(0, -1)) {
    if (typeof target !== 'object' || target === null) return
    target = (target as Record<string, unknown>)[key]
  }
  if (typeof target !== 'object' || target === null) return
  const record = target as Record<string, unknown>
  const key = path.at(-1) ?? 'type'
  if (to === 'delete') delete record[key]
  else if (to === 'extra') record[`${key}-extra`] = 1
  else record[key] = to.value
}

const paths = (event: Record<string, unknown>): string[][] =>
  Object.entries(event).flatMap(([key, value]) => [
    [key],
    ...(Array.isArray(value)
      ? value.flatMap((item, index) =>
          Object.keys(item as object).map((inner) => [key, String(index), inner]),
        )
      : typeof value === 'object' && value !== null
        ? Object.keys(value).map((inner) => [key, inner])
        : []),
  ])

const damagedEvent = validEvent.chain((event) =>
  fc
    .array(
      fc.record({
        path: fc.constantFrom(...paths(event)),
        to: fc.oneof(
          fc.constantFrom('delete' as const, 'extra' as const),
          badValue.map((value) => ({ value })),
        ),
      }),
      { minLength: 1, maxLength: 3 },
    )
    .map((mutations) => {
      const copy = structuredClone(event)
      for (const mutation of mutations) mutate(copy, mutation)
      return copy
    }),
)

describe('the cheap log-line check', () => {
  test('accepts every event as leakguard writes it, so a clean log needs no zod', () => {
    fc.assert(
      fc.property(validEvent, (event) => {
        expect(isWellFormedLogEvent(JSON.parse(JSON.stringify(event)))).toBe(true)
      }),
    )
  })

  test('never accepts a line the zod schema rejects, and what it accepts reads back the same', () => {
    let accepted = 0
    let rejected = 0
    fc.assert(
      fc.property(fc.oneof(damagedEvent, fc.jsonValue()), (value) => {
        const line = JSON.parse(JSON.stringify(value)) as unknown
        if (!isWellFormedLogEvent(line)) {
          rejected++
          return
        }
        accepted++
        const parsed = logEventSchema().safeParse(line)
        expect(parsed.success).toBe(true)
        expect(parsed.data).toEqual(line)
      }),
      { numRuns: 2000 },
    )
    // Both sides of the check were exercised, or the property proved nothing.
    expect(accepted).toBeGreaterThan(100)
    expect(rejected).toBeGreaterThan(100)
  })

  test('a line it is unsure of still gets zod’s precise reason', () => {
    const line = JSON.stringify({
      type: 'test-end',
      time: 1,
      pid: 7,
      id: 'a',
      file: 'f.test.ts',
      name: 'n',
      status: 'ok',
      memory: { heapUsedBefore: 1 },
      leaks: [],
    })
    expect(parseLogText(`${line}\n`, 'w.jsonl').warnings).toEqual([
      'w.jsonl:1: not a leakguard event, skipped (memory.heapUsedAfter: Invalid input: expected number, received undefined)',
    ])
  })
})

test('reading a clean worker log does not load zod; a line that is not an event does (built dist)', () => {
  const mergeLogs = fileURLToPath(new URL('../../dist/src/report/merge-logs.js', import.meta.url))
  const clean = fileURLToPath(new URL('fixtures/clean.jsonl', import.meta.url))
  const notEvent = join(mkdtempSync(join(tmpdir(), 'lg-log-check-')), 'w.jsonl')
  writeFileSync(
    notEvent,
    `${readFileSync(clean, 'utf8')}{"type":"test-start","time":1,"pid":"seven"}\n`,
  )
  const probe = (log: string) =>
    JSON.parse(
      execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import { createRequire } from 'node:module'
           const { mergeWorkerLogs } = await import(${JSON.stringify(mergeLogs)})
           const merged = mergeWorkerLogs([${JSON.stringify(log)}])
           const zod = Object.keys(createRequire(import.meta.url).cache).some((p) => p.includes('/node_modules/zod/'))
           console.log(JSON.stringify({ events: merged.events.length, warnings: merged.warnings, zod }))`,
        ],
        { encoding: 'utf8' },
      ),
    ) as { events: number; warnings: string[]; zod: boolean }
  const fromClean = probe(clean)
  expect(fromClean).toMatchObject({ warnings: [], zod: false })
  expect(fromClean.events).toBeGreaterThan(0)
  expect(probe(notEvent)).toMatchObject({
    events: fromClean.events,
    warnings: [expect.stringMatching(/w\.jsonl:\d+: not a leakguard event, skipped \(pid: /)],
    zod: true,
  })
})
