import { ReportInputError } from './errors.js'
import { jsonErrorPosition, jsonErrorReason } from './json-position.js'
import { lazySchema } from './lazy-schema.js'
import { isWellFormedLogEvent } from './log-event-check.js'
import type { LogEvent, TestEndEvent, TestStartEvent } from './log-events.js'
import { readInput } from './read-input.js'
import { memoryFigureFields } from './report-reader.js'
import { STATUS_ORDER } from './status-counts.js'
import { testRunKey } from './test-key.js'

/** One event and where it was read. */
export interface SourcedEvent {
  event: LogEvent
  file: string
  /** 1-based line in `file`. */
  line: number
  /**
   * The line's own text, when it passed the cheap check as one bare JSON object: the
   * merged log writes it back as read instead of serialising the event again (the run
   * end's one pass over every test's lines; JSON.stringify of a parsed line gives it back).
   */
  text?: string
}

/** A test that started in a log but never ended there: its worker died or the log was cut. */
export interface UnfinishedTest {
  id: string
  file: string
  name: string
  pid: number
  /** The log it was read from. */
  log: string
}

/** What one or more logs held, and what was wrong with them. */
export interface ParsedLog {
  /** Events in time order (stable for equal times). */
  events: SourcedEvent[]
  /** Human-readable warnings naming the log file and line. */
  warnings: string[]
  unfinished: UnfinishedTest[]
}

/**
 * The zod schema a log line is validated with when the cheap check
 * (`isWellFormedLogEvent`) is not sure of it; built on first use. Loose shapes: a newer
 * plugin may add fields, and the analyzer needs only these.
 */
export const logEventSchema = lazySchema((z) => {
  const memory = z.looseObject(memoryFigureFields(z))
  const base = { time: z.number(), pid: z.number() }
  const testIdentity = { id: z.string(), file: z.string(), name: z.string() }
  const leak = z.looseObject({
    id: z.string(),
    kind: z.string(),
    label: z.string(),
    openedAt: z.string(),
  })
  return z.discriminatedUnion('type', [
    z.looseObject({ type: z.literal('session-start'), ...base }),
    z.looseObject({
      type: z.literal('session-end'),
      ...base,
      statuses: z
        .object(Object.fromEntries(STATUS_ORDER.map((status) => [status, z.number()])))
        .optional(),
    }),
    z.looseObject({ type: z.literal('test-start'), ...base, ...testIdentity }),
    z.looseObject({
      type: z.literal('test-gc'),
      ...base,
      ...testIdentity,
      thread: z.number(),
      gcCount: z.number(),
      fullGcCount: z.number(),
      gcPauseMs: z.number(),
      heapAfterGc: z.number().nullable(),
    }),
    z.looseObject({
      type: z.literal('test-end'),
      ...base,
      ...testIdentity,
      status: z.string(),
      memory,
      leaks: z.array(leak),
    }),
  ])
})

/** How a log is read. */
export interface LogReadOptions {
  /**
   * The run was interrupted (SIGINT): a test that started and never ended was stopped,
   * not crashed, and its warning says so.
   */
  readonly interrupted?: boolean
}

/**
 * Parses the text of one `memory.jsonl`. Never throws: a malformed line is skipped with
 * a warning naming `file:line`, and a last line cut mid-write (a worker killed while
 * writing) is reported with the test that was running. zod is loaded only when a line
 * fails the cheap check, so a clean log (what the plugin reads at every run end) costs
 * no zod import; a bad line still gets zod's precise reason.
 */
export function parseLogText(text: string, file: string, options: LogReadOptions = {}): ParsedLog {
  const events: SourcedEvent[] = []
  const warnings: string[] = []
  // A complete log ends with '\n', so the last piece is empty; anything else was cut.
  // Indexed, no object a line: the run end reads every worker line once, as cold code.
  const lines = text.split('\n')
  const lastIndex = lines.length - 1
  let cutLine: number | undefined

  for (let index = 0; index < lines.length; index++) {
    const content = lines[index] ?? ''
    const line = index + 1
    const last = index === lastIndex
    if (content.trim() === '') continue
    let json: unknown
    try {
      json = JSON.parse(content)
    } catch (error) {
      if (last) {
        cutLine = line
      } else {
        const column = jsonErrorPosition(content)?.column
        const reason = jsonErrorReason(error)
        warnings.push(
          `${file}:${line}${column ? `:${column}` : ''}: malformed line skipped (${reason})`,
        )
      }
      continue
    }
    // The workers' own lines pass the cheap check; zod is loaded only for one that does not.
    if (isWellFormedLogEvent(json)) {
      // Bare: no surrounding whitespace or '\r' to carry into the merged log.
      const bare = content.startsWith('{') && content.endsWith('}')
      events.push(bare ? { event: json, file, line, text: content } : { event: json, file, line })
      continue
    }
    const parsed = logEventSchema().safeParse(json)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
      warnings.push(
        `${file}:${line}: not a leakguard event, skipped (${where}${issue?.message ?? 'invalid'})`,
      )
      continue
    }
    // The schema checks the fields the analyzer reads; the rest is carried as written.
    events.push({ event: parsed.data as unknown as LogEvent, file, line })
  }

  const running = new Map<string, TestStartEvent>()
  for (const { event } of events) {
    if (event.type === 'test-start') running.set(testRunKey(event), event)
    else if (event.type === 'test-end') running.delete(testRunKey(event))
  }
  const unfinished = [...running.values()].map((start) => ({
    id: start.id,
    file: start.file,
    name: start.name,
    pid: start.pid,
    log: file,
  }))
  const last = unfinished.at(-1)
  if (cutLine !== undefined) {
    warnings.push(
      last
        ? `${file}:${cutLine}: worker log ends mid-line: last test running was "${last.name}" (${last.file}, pid ${last.pid})`
        : `${file}:${cutLine}: worker log ends mid-line (no test was running)`,
    )
  } else {
    for (const test of unfinished) {
      warnings.push(
        options.interrupted
          ? `${file}: test "${test.name}" (${test.file}) was still running when the run was interrupted (pid ${test.pid})`
          : `${file}: test "${test.name}" (${test.file}) started but never ended: its worker (pid ${test.pid}) likely died`,
      )
    }
  }
  return { events, warnings, unfinished }
}

/**
 * Reads and merges several logs (the merged log, or each worker's). Throws a
 * {@link ReportInputError} when a file cannot be read or no log held a usable event.
 */
export function readLogs(paths: readonly string[], options: LogReadOptions = {}): ParsedLog {
  const merged: ParsedLog = { events: [], warnings: [], unfinished: [] }
  for (const path of paths) {
    const text = readInput(path)
    const parsed = parseLogText(text, path, options)
    merged.events.push(...parsed.events)
    merged.warnings.push(...parsed.warnings)
    merged.unfinished.push(...parsed.unfinished)
  }
  if (merged.events.length === 0) {
    const names = paths.join(', ')
    throw new ReportInputError('NothingParseable', names, `no leakguard event in ${names}`)
  }
  // Array.prototype.sort is stable, so lines with equal times keep their file order.
  merged.events.sort((a, b) => a.event.time - b.event.time)
  return dropDuplicates(merged)
}

/**
 * The merged log and a worker's own log hold the same lines; passing both must not count
 * each test twice. An event is a duplicate when its type, process, time and test match.
 */
function dropDuplicates(log: ParsedLog): ParsedLog {
  const seen = new Map<string, SourcedEvent>()
  const events: SourcedEvent[] = []
  const duplicateOf = new Map<string, string>()
  for (const sourced of log.events) {
    const { event } = sourced
    const id = 'id' in event ? event.id : ''
    // A separator no type, number or vitest task id contains: one string, no array to build.
    const key = `${event.type}\u0000${event.pid}\u0000${event.time}\u0000${id}`
    const first = seen.get(key)
    if (first === undefined) {
      seen.set(key, sourced)
      events.push(sourced)
    } else if (first.file !== sourced.file) {
      duplicateOf.set(sourced.file, first.file)
    }
  }
  const warnings = [...log.warnings]
  for (const [file, original] of duplicateOf) {
    warnings.push(`${file}: events already read from ${original} were counted once`)
  }
  // A test unfinished in a worker's log may have ended in the merged one, and vice versa.
  const ended = new Set<string>()
  for (const { event } of events) {
    if (event.type === 'test-end') ended.add(`${event.pid}\u0000${event.id}`)
  }
  const unfinished = log.unfinished.filter((test) => !ended.has(`${test.pid}\u0000${test.id}`))
  return { events, warnings, unfinished }
}

/** The events that ended tests, in time order. */
export function testEnds(log: ParsedLog): TestEndEvent[] {
  return log.events.flatMap(({ event }) => (event.type === 'test-end' ? [event] : []))
}
