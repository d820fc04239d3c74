import { readFileSync } from 'node:fs'

/**
 * The 1-based number of the first line of `file` containing `text`: where a test file marks
 * the line it expects as a handle's open site (`// open: …`), so the assertion follows the
 * line when the file is edited.
 */
export function lineOf(file: string, text: string): number {
  return (
    readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((line) => line.includes(text)) + 1
  )
}
