/**
 * Dates as whole days since 1970-01-01 (UTC), the representation the simulator uses
 * internally; stores get CF-style `days since …` / `hours since …` time coordinates.
 */

const MS_PER_DAY = 86_400_000

/** Number of day-of-year slots: 366, so leap days have their own slot. */
export const DAYS_IN_YEAR_SLOTS = 366

/**
 * Parses `YYYY-MM-DD` into days since 1970-01-01, or `undefined` if it is not a real date.
 */
export function parseIsoDate(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!match) return undefined
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const ms = Date.UTC(year, month - 1, day)
  const back = new Date(ms)
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1) return undefined
  if (back.getUTCDate() !== day) return undefined
  return ms / MS_PER_DAY
}

/** `YYYY-MM-DD` for days since 1970-01-01. */
export function formatIsoDate(epochDay: number): string {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10)
}

/** Zero-based day of year (1 January = 0, 31 December = 364 or 365). */
export function dayOfYear(epochDay: number): number {
  const year = new Date(epochDay * MS_PER_DAY).getUTCFullYear()
  return epochDay - Date.UTC(year, 0, 1) / MS_PER_DAY
}

/** Day-of-year slots for `count` consecutive days starting at `startEpochDay`. */
export function dayOfYearSeries(startEpochDay: number, count: number): Uint16Array {
  const out = new Uint16Array(count)
  for (let t = 0; t < count; t++) out[t] = dayOfYear(startEpochDay + t)
  return out
}
