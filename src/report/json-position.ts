import { ReportInputError } from './errors.js'

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
 * Where `JSON.parse` stopped, from its message: Node 20 says `at position 42`, Node 22
 * adds `(line 3 column 5)`, and a cut-off text ends with `end of JSON input`.
 */
export function jsonErrorPosition(text: string, error: unknown): TextPosition | undefined {
  const message = error instanceof Error ? error.message : ''
  const position = /at position (\d+)/.exec(message)
  if (position) return positionAt(text, Number(position[1]))
  if (/end of JSON input/i.test(message)) return positionAt(text, text.length)
  return undefined
}

/**
 * Parses JSON, or throws an `InvalidJson` {@link ReportInputError} naming the file, line
 * and column.
 */
export function parseJsonFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    const position = jsonErrorPosition(text, error)
    const where = position ? `${file}:${position.line}:${position.column}` : file
    const reason = (error instanceof Error ? error.message : String(error)).replace(
      / in JSON at position \d+.*$/,
      '',
    )
    throw new ReportInputError('InvalidJson', file, `${where}: invalid JSON: ${reason}`, {
      ...(position ?? {}),
      cause: error,
    })
  }
}
