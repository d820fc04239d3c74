/**
 * The one message for a bad option, flag or argument, wherever it is checked (plugin
 * options, `Multisite` options, the `memory` fixture's limits, CLI flags, dataset specs):
 * ``Expected `memoryLimit` to be a size like '512 MB', got `-3` (number)``. No prefix:
 * the error's name (or the CLI's `leakguard:`) says who is speaking.
 */

/** Longer shown values are cut: a message should name the value, not reprint a file. */
const MAX_SHOWN = 80

/**
 * The type word in parentheses: `typeof`, except that `null`, arrays and RegExps say
 * what they are.
 */
function typeWord(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (value instanceof RegExp) return 'RegExp'
  return typeof value
}

function text(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`
  if (typeof value === 'object' && value !== null && !(value instanceof RegExp)) {
    try {
      // JSON shows an object's content; String() would print `[object Object]`.
      return JSON.stringify(value) ?? String(value)
    } catch {
      return String(value) // a cycle: say at least what it is
    }
  }
  // Numbers through String(), not JSON: JSON prints NaN and Infinity as `null`.
  return String(value)
}

/**
 * Shows a received value as `` `<value>` (<type>) ``: strings quoted, objects as JSON,
 * e.g. `` `'lots'` (string) ``, `` `-3` (number) ``, `` `[0]` (array) ``.
 */
export function describeValue(value: unknown): string {
  const shown = text(value)
  const cut = shown.length > MAX_SHOWN ? `${shown.slice(0, MAX_SHOWN - 1)}…` : shown
  return `\`${cut}\` (${typeWord(value)})`
}

/**
 * ``Expected `<option>` to be <expected>, got `<value>` (<type>)``.
 *
 * @param option - the option's name or path as the user wrote it, e.g. `tolerance.floor`, `--top`
 * @param expected - what would have been accepted, e.g. `a size like '512 MB'`
 * @param value - what was given
 * @example expectedMessage('n', 'an integer ≥ 1', 0) // "Expected `n` to be an integer ≥ 1, got `0` (number)"
 */
export function expectedMessage(option: string, expected: string, value: unknown): string {
  return `Expected \`${option}\` to be ${expected}, got ${describeValue(value)}`
}
