import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { formatSize, parseSize } from '../../src/memory/size.js'
import {
  BASELINE_SCHEMA_VERSION,
  type Baseline,
  parseBaseline,
  serializeBaseline,
} from '../../src/report/baseline.js'
import { isReportInputError } from '../../src/report/errors.js'
import type { LogEvent } from '../../src/report/log-events.js'
import { parseLogText } from '../../src/report/log-reader.js'
import type { Report, TestMemory, TestReport } from '../../src/report/model.js'
import { parseReport } from '../../src/report/report-reader.js'

// Properties of every parser a user's file goes through: whatever the bytes, the result is
// either the data or a typed error naming the file (never a TypeError from deep inside),
// and what leakguard writes reads back exactly.

const FILE = 'input.json'

/** The error a parser threw, or undefined when it returned. */
function thrown(run: () => unknown): unknown {
  try {
    run()
    return undefined
  } catch (error) {
    return error
  }
}

/** A parse either succeeds or fails with a ReportInputError naming FILE, with a sane position. */
function expectTypedOutcome(text: string, parse: (text: string, file: string) => unknown): void {
  const error = thrown(() => parse(text, FILE))
  if (error === undefined) return
  expect(isReportInputError(error), String(error)).toBe(true)
  if (!isReportInputError(error)) return
  expect(['InvalidJson', 'InvalidShape']).toContain(error._tag)
  expect(error.file).toBe(FILE)
  expect(error.message.startsWith(FILE)).toBe(true)
  if (error._tag === 'InvalidJson') {
    // A syntax error always has a position, inside the text (one past its end for a cut text).
    const lines = text.split('\n')
    expect(error.line).toBeGreaterThanOrEqual(1)
    expect(error.line).toBeLessThanOrEqual(lines.length)
    const lineText = lines[(error.line ?? 1) - 1] ?? ''
    expect(error.column).toBeGreaterThanOrEqual(1)
    expect(error.column).toBeLessThanOrEqual(lineText.length + 1)
    expect(error.message).toMatch(
      new RegExp(`^${FILE}:${error.line}:${error.column}: invalid JSON`),
    )
  }
}

/** One character removed, replaced or inserted: a typical hand edit gone wrong. */
const handEdit = (text: string) =>
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom('', ',', '}', ']', '"', ':', '1', 'x', ' ', '\n'),
      fc.boolean(),
    )
    .map(([at, char, replace]) => {
      const index = at % (text.length + 1)
      return text.slice(0, index) + char + text.slice(index + (replace || char === '' ? 1 : 0))
    })

const bytesInt = fc.integer({ min: -(2 ** 40), max: 2 ** 40 })
const name = fc.string({ unit: 'binary', maxLength: 20 })

describe('sizes', () => {
  test('a byte count passes through rounded; a negative or non-finite one is refused', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2 ** 50, noNaN: true }), (n) => {
        expect(parseSize(n)).toBe(Math.round(n))
      }),
    )
    fc.assert(
      fc.property(fc.double({ max: -Number.MIN_VALUE }), (n) => {
        expect(parseSize(n)).toBeUndefined()
      }),
    )
  })

  test("'<n> <unit>' in any case and spacing is n × 1024^k; what formatSize prints reads back within 5 %", () => {
    const units = ['b', 'kb', 'mb', 'gb', 'tb']
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom('', ' ', '  '),
        fc.boolean(),
        (n, power, space, upper) => {
          const unit = units[power] ?? 'b'
          const text = `${n}${space}${upper ? unit.toUpperCase() : unit}`
          const bytes = n * 1024 ** power
          expect(parseSize(text)).toBe(Number.isSafeInteger(bytes) ? bytes : undefined)
        },
      ),
    )
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 52 }), (n) => {
        const back = parseSize(formatSize(n))
        expect(back).toBeDefined()
        expect(Math.abs((back ?? 0) - n)).toBeLessThanOrEqual(Math.max(1, n * 0.05))
      }),
    )
  })

  test('any string is either refused or a non-negative whole number of bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.stringMatching(/^-?\d{0,4}(\.\d{0,3})? ?[kKmMgGtTpPeE]?i?[bB]?$/)),
        (text) => {
          const size = parseSize(text)
          if (size !== undefined) {
            expect(Number.isSafeInteger(size) && size >= 0, `${text} → ${size}`).toBe(true)
          }
        },
      ),
    )
    for (const bad of ['2 GiB', '2 gigabytes', '-1 MB', '1e3 MB', '2 GB extra', 'MB']) {
      expect([bad, parseSize(bad)]).toEqual([bad, undefined])
    }
    // Both sides of the largest size a byte count can hold exactly (2^53 - 1 B, just under 8 PB).
    expect(parseSize('7 PB')).toBe(7 * 2 ** 50)
    expect(parseSize('8 PB')).toBeUndefined()
    expect(parseSize('20pB')).toBeUndefined()
    expect(parseSize(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER)
    expect(parseSize(2 ** 53)).toBeUndefined()
  })
})

const baselineArb: fc.Arbitrary<Baseline> = fc.record({
  schemaVersion: fc.constant(BASELINE_SCHEMA_VERSION),
  environment: fc.record({ platform: name, arch: name, node: name, vitest: name }),
  tests: fc.array(
    fc.record(
      {
        file: name,
        name,
        project: name,
        retainedHeap: bytesInt,
        peakRssDelta: bytesInt,
        gcForced: fc.boolean(),
        peakMethod: fc.constantFrom('kernel-hwm' as const, 'sampled' as const, 'none' as const),
        rssScope: fc.constantFrom('process' as const, 'shared-process' as const),
      },
      { requiredKeys: ['file', 'name', 'retainedHeap', 'peakRssDelta', 'gcForced'] },
    ),
    { maxLength: 8 },
  ),
})

describe('baseline', () => {
  test('what serializeBaseline writes parses back to the same tests, and writes the same text again', () => {
    fc.assert(
      fc.property(baselineArb, (baseline) => {
        const text = serializeBaseline(baseline)
        const parsed = parseBaseline(text, FILE)
        expect(parsed.environment).toEqual(baseline.environment)
        const key = (t: Baseline['tests'][number]) =>
          JSON.stringify([
            t.file,
            t.name,
            t.project,
            t.retainedHeap,
            t.peakRssDelta,
            t.gcForced,
            t.peakMethod,
            t.rssScope,
          ])
        expect(parsed.tests.map(key).sort()).toEqual(baseline.tests.map(key).sort())
        expect(serializeBaseline(parsed)).toBe(text)
      }),
    )
  })

  test('a hand-edited baseline either parses or names the file and the line and column', () => {
    fc.assert(
      fc.property(
        baselineArb.chain((b) => handEdit(serializeBaseline(b))),
        (text) => expectTypedOutcome(text, parseBaseline),
      ),
    )
  })

  test('arbitrary JSON and arbitrary text get a typed error, never a crash', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (text) =>
        expectTypedOutcome(text, parseBaseline),
      ),
    )
  })
})

const memoryArb: fc.Arbitrary<TestMemory> = fc.record({
  heapUsedBefore: bytesInt,
  heapUsedAfter: bytesInt,
  retainedHeap: bytesInt,
  rssBefore: bytesInt,
  rssAfter: bytesInt,
  peakRss: bytesInt,
  peakRssDelta: bytesInt,
  peakMethod: fc.constantFrom('kernel-hwm', 'sampled', 'none'),
  externalAfter: bytesInt,
  arrayBuffersAfter: bytesInt,
  fdDelta: fc.integer({ min: -50, max: 50 }),
  gcForced: fc.boolean(),
  rssScope: fc.constantFrom('process', 'shared-process'),
})

const leakArb = fc.record({
  id: name,
  kind: name,
  label: name,
  openedAt: name,
  stack: name,
  state: fc.constantFrom('open', 'collected-while-open'),
})

const testArb: fc.Arbitrary<TestReport> = fc.record({
  file: name,
  name,
  state: fc.constantFrom('pass', 'fail', 'skip', 'todo', 'crashed'),
  status: fc.constantFrom('ok', 'leak', 'over-limit', 'regression', 'oom-risk', 'crashed'),
  leaks: fc.array(leakArb, { maxLength: 3 }),
  memory: fc.option(memoryArb, { nil: null }),
  durationMs: fc.option(fc.nat(), { nil: null }),
})

const reportArb: fc.Arbitrary<Report> = fc.record({
  schemaVersion: fc.constant(1),
  createdAt: fc.constant('2026-01-01T00:00:00.000Z'),
  complete: fc.boolean(),
  environment: fc.record({ platform: name, arch: name, node: name, vitest: name, pool: name }),
  tests: fc.array(testArb, { maxLength: 6 }),
  scopes: fc.array(
    fc.record({
      file: name,
      name,
      scope: fc.constantFrom('suite', 'file'),
      leaks: fc.array(leakArb, { maxLength: 2 }),
    }),
    { maxLength: 2 },
  ),
})

describe('report.json', () => {
  test('a report as the plugin writes it reads back unchanged', () => {
    fc.assert(
      fc.property(reportArb, (report) => {
        expect(parseReport(`${JSON.stringify(report, null, 2)}\n`, FILE)).toEqual(report)
      }),
    )
  })

  test('a damaged report either parses or names the file and the position', () => {
    fc.assert(
      fc.property(
        reportArb.chain((r) => handEdit(JSON.stringify(r, null, 2))),
        (text) => expectTypedOutcome(text, parseReport),
      ),
      { numRuns: 200 },
    )
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (t) => expectTypedOutcome(t, parseReport)),
    )
  })
})

/** The fields every test event carries. */
const eventFields = {
  time: fc.nat(),
  pid: fc.integer({ min: 1, max: 99_999 }),
  id: name,
  file: name,
  name,
}
const startArb = fc.record({
  type: fc.constant('test-start' as const),
  ...eventFields,
  rss: fc.nat(),
  heapUsed: fc.nat(),
})
const endArb = fc.record({
  type: fc.constant('test-end' as const),
  ...eventFields,
  state: fc.constantFrom('pass', 'fail', 'skip', 'todo', 'crashed'),
  status: fc.constantFrom('ok', 'leak', 'over-limit', 'regression', 'oom-risk', 'crashed'),
  memory: memoryArb,
  leaks: fc.array(fc.record({ id: name, kind: name, label: name, openedAt: name }), {
    maxLength: 2,
  }),
})
const eventArb: fc.Arbitrary<LogEvent> = fc.oneof(startArb, endArb)

/** A line that is not a leakguard event: cut JSON, other JSON, or no JSON at all. */
const garbageArb = fc
  .oneof(
    eventArb.chain((event) => {
      const text = JSON.stringify(event)
      return fc.integer({ min: 1, max: text.length - 1 }).map((cut) => text.slice(0, cut))
    }),
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.string().map((text) => text.replace(/[\r\n]/g, ' ')),
  )
  .filter((line) => {
    if (line.trim() === '') return false // blank lines are skipped silently, by design
    try {
      const value: unknown = JSON.parse(line)
      return typeof value !== 'object' || value === null || !('type' in value)
    } catch {
      return true
    }
  })

describe('memory.jsonl', () => {
  test('each malformed line is skipped with a warning naming its line; every event survives', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            eventArb.map((e) => ({ e })),
            garbageArb.map((g) => ({ g })),
          ),
          {
            maxLength: 20,
          },
        ),
        (lines) => {
          const text = lines.map((l) => `${'e' in l ? JSON.stringify(l.e) : l.g}\n`).join('')
          const parsed = parseLogText(text, 'w.jsonl')
          const events = lines.flatMap((l) => ('e' in l ? [l.e] : []))
          expect(parsed.events.map((s) => s.event)).toEqual(events)
          const badLines = lines.flatMap((l, i) => ('g' in l ? [i + 1] : []))
          const warned = parsed.warnings.flatMap((w) => {
            const match = /^w\.jsonl:(\d+)(:\d+)?: (malformed line|not a leakguard event)/.exec(w)
            return match ? [Number(match[1])] : []
          })
          expect(warned).toEqual(badLines)
        },
      ),
    )
  })

  test('a log cut at any byte keeps every whole line and warns at the line it was cut', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 1, maxLength: 8 }), fc.nat(), (events, at) => {
        const full = events.map((e) => `${JSON.stringify(e)}\n`).join('')
        const cut = full.slice(0, at % (full.length + 1))
        const parsed = parseLogText(cut, 'w.jsonl')
        const wholeLines = cut.split('\n').length - 1
        // Cut just before a newline, the last line is still a whole event: it is kept.
        const lastPiece = cut.slice(cut.lastIndexOf('\n') + 1)
        const lastWhole = lastPiece !== '' && full.split('\n').includes(lastPiece)
        const kept = wholeLines + (lastWhole ? 1 : 0)
        expect(parsed.events.map((s) => s.line)).toEqual(
          Array.from({ length: kept }, (_, i) => i + 1),
        )
        const midLine = lastPiece !== '' && !lastWhole
        const cutWarning = parsed.warnings.find((w) => w.includes('ends mid-line'))
        if (midLine) expect(cutWarning).toMatch(new RegExp(`^w\\.jsonl:${wholeLines + 1}: `))
        else expect(cutWarning).toBeUndefined()
      }),
    )
    // The edge fast-check found: cut right before the last newline, nothing is lost.
    const start =
      '{"type":"test-start","time":1,"pid":7,"id":"a","file":"f","name":"n","rss":1,"heapUsed":1}'
    expect(parseLogText(start, 'w.jsonl')).toMatchObject({
      events: [{ line: 1 }],
      warnings: ['w.jsonl: test "n" (f) started but never ended: its worker (pid 7) likely died'],
    })
  })

  test('arbitrary text never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(() => parseLogText(text, 'w.jsonl')).not.toThrow()
      }),
    )
  })
})
