import { readdirSync } from 'node:fs'

/**
 * Counts the open file descriptors of this process (~25 µs at 20 fds).
 *
 * @param fdDir - the directory listing them; a parameter so tests can point elsewhere
 * @returns the count, or `null` where the directory cannot be read (not Linux)
 */
export function countOpenFds(fdDir = '/proc/self/fd'): number | null {
  try {
    return readdirSync(fdDir).length
  } catch {
    // No procfs (macOS, Windows): the figure is unknown, reported as null, never 0.
    return null
  }
}
