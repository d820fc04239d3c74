import { ReportInputError } from './errors.js'
import { jsonSyntaxErrorOffset } from './json-scan.js'

/** A 1-based line and column in a text. */
export interface TextPosition {
  line: number
  column: number
}

/** The line and column of a 0-based character offset. */
export function positionAt(text: string, offset: number): TextPosition {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)))
  const lineStart = before.lastIndexOf('\n') + 1
  return { line: before.split('\n').length, column: before.length - lineStart + 1 }
}

/**
 * Where a JSON text that `JSON.parse` rejected goes wrong, found by scanning it (V8's
 * messages carry a position only for some errors, and differently per Node version).
 */
export function jsonErrorPosition(text: string): TextPosition | undefined {
  const offset = jsonSyntaxErrorOffset(text)
  return offset === undefined ? undefined : positionAt(text, offset)
}

/**
 * Parses JSON, or throws an `InvalidJson` {@link ReportInputError} naming the file, line
 * and column.
 */
export function parseJsonFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    const position = jsonErrorPosition(text)
    const where = position ? `${file}:${position.line}:${position.column}` : file
    const reason = jsonErrorReason(error)
    throw new ReportInputError('InvalidJson', file, `${where}: invalid JSON: ${reason}`, {
      ...(position ?? {}),
      cause: error,
    })
  }
}

/** V8's message without its position and echo of the text, which vary by Node version. */
export function jsonErrorReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/, ".*" is not valid JSON$/s, '')
}
