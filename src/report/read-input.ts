import { readFileSync } from 'node:fs'
import { ReportInputError } from './errors.js'

/** Reads an input file as text, or throws a `FileUnreadable` {@link ReportInputError}. */
export function readInput(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : undefined
    const reason = code === 'ENOENT' ? 'no such file' : (code ?? String(error))
    throw new ReportInputError('FileUnreadable', path, `cannot read ${path}: ${reason}`, {
      cause: error,
    })
  }
}
