import { randomBytes } from 'node:crypto'
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Writes a file so that readers see either the old content or the new, never half of
 * it: write a temporary file in the same directory (same filesystem), then rename over.
 */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    writeFileSync(temporary, content)
    renameSync(temporary, path)
  } catch (error) {
    // Leave no stray temporary file behind, then let the caller see the real error.
    rmSync(temporary, { force: true })
    throw error
  }
}
