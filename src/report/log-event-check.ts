import type { LogEvent } from './log-events.js'
import { MEMORY_FIGURES } from './report-reader.js'
import { STATUS_ORDER } from './status-counts.js'

/*
 * Why a hand-written check beside the zod schema in log-reader.ts: at the end of every
 * `vitest run` the plugin reads the logs its own workers just wrote, and `require('zod')`
 * alone cost ~70 ms of the main process's CPU there, for lines that are almost always
 * well formed. This check answers "surely valid" for the common line without zod; any
 * line it does not accept goes to the zod schema, which then accepts it or words the
 * precise warning. So it must never accept what the schema rejects: it asks for the same
 * fields and is stricter where the two could differ (a `statuses` with extra keys, which
 * zod would strip, goes to zod). test/report/log-event-check.test.ts holds it to that.
 */

type Fields = Readonly<Record<string, unknown>>

const isRecord = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

// JSON.parse gives Infinity for 1e999, which z.number() rejects.
const isNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value)

const hasNumbers = (record: Fields, keys: readonly string[]): boolean =>
  keys.every((key) => isNumber(record[key]))

const hasStrings = (record: Fields, keys: readonly string[]): boolean =>
  keys.every((key) => typeof record[key] === 'string')

const TEST_IDENTITY = ['id', 'file', 'name'] as const
const TEST_END_STRINGS = [...TEST_IDENTITY, 'status'] as const
const LEAK_FIELDS = ['id', 'kind', 'label', 'openedAt'] as const
const GC_FIGURES = ['thread', 'gcCount', 'fullGcCount', 'gcPauseMs'] as const

// Exactly the six counts: zod's strict-by-default object would drop any other key.
const isStatusCounts = (value: unknown): boolean =>
  isRecord(value) &&
  Object.keys(value).length === STATUS_ORDER.length &&
  hasNumbers(value, STATUS_ORDER)

const isLeak = (value: unknown): boolean => isRecord(value) && hasStrings(value, LEAK_FIELDS)

/**
 * True when a parsed log line is surely a valid {@link LogEvent}: every field the log
 * schema checks is there with its type. False means "not sure", not "invalid": the caller
 * then asks the schema, which alone words why a line is skipped.
 *
 * @param value - one line of a `memory.jsonl`, after `JSON.parse`
 */
export function isWellFormedLogEvent(value: unknown): value is LogEvent {
  if (!isRecord(value) || !hasNumbers(value, ['time', 'pid'])) return false
  switch (value.type) {
    case 'session-start':
      return true
    case 'session-end':
      return !('statuses' in value) || isStatusCounts(value.statuses)
    case 'test-start':
      return hasStrings(value, TEST_IDENTITY)
    case 'test-gc':
      return (
        hasStrings(value, TEST_IDENTITY) &&
        hasNumbers(value, GC_FIGURES) &&
        (value.heapAfterGc === null || isNumber(value.heapAfterGc))
      )
    case 'test-end':
      return (
        hasStrings(value, TEST_END_STRINGS) &&
        isRecord(value.memory) &&
        hasNumbers(value.memory, MEMORY_FIGURES) &&
        Array.isArray(value.leaks) &&
        value.leaks.every(isLeak)
      )
    default:
      return false
  }
}
