import { openSync } from 'node:fs'

/** Opens the fixture one call away from the test: the open site is this line. */
export function openFixture(path: string): number {
  return openSync(path, 'r')
}
