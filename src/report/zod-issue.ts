import type { z } from 'zod'
import { ReportInputError } from './errors.js'

/** `tests[3].memory.peakRss` from a zod issue path. */
function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('')
}

/**
 * An `InvalidShape` {@link ReportInputError} naming the file and each bad field, e.g.
 * `leakguard.baseline.json: tests[2].peakRssDelta: expected number, received string`.
 */
export function shapeError(file: string, what: string, error: z.ZodError): ReportInputError {
  const problems = error.issues
    .slice(0, 5)
    .map((issue) => {
      const where = issue.path.length > 0 ? formatPath(issue.path) : '(top level)'
      return `${where}: ${issue.message.replace(/^Invalid input: /, '')}`
    })
    .join('; ')
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : ''
  return new ReportInputError('InvalidShape', file, `${file}: not a ${what}: ${problems}${more}`, {
    cause: error,
  })
}
