import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { ReportInputError } from './errors.js'

/**
 * Writes a file so that readers see either the old content or the new, never half of
 * it: write a temporary file in the same directory (same filesystem), then rename over.
 *
 * @throws a `FileUnwritable` {@link ReportInputError} naming the file and the system's
 * reason (a full disk, a read-only directory …), with the original error as `cause`; the
 * previous file, if any, is then untouched and no temporary file is left behind.
 */
export function writeFileAtomic(path: string, content: string): void {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(temporary, content)
    renameSync(temporary, path)
  } catch (error) {
    // A disk that filled mid-write leaves a partial temporary file: remove it. Should that
    // fail too, the write error is still the one to report, and the leftover is named.
    let leftover = ''
    try {
      if (existsSync(temporary)) rmSync(temporary)
    } catch (cleanup) {
      leftover = `; the partial ${temporary} could not be removed (${String(cleanup)})`
    }
    const reason = error instanceof Error ? error.message : String(error)
    const kept = existsSync(path) ? 'the previous file is unchanged' : 'nothing was written'
    throw new ReportInputError(
      'FileUnwritable',
      path,
      `cannot write ${path} (${reason}); ${kept}${leftover}`,
      { cause: error },
    )
  }
}
