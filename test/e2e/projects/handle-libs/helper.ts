import { File } from 'h5wasm/node'

/** Opens a results file one call away from the test: the open site is in this module. */
export function openResults(path: string): File {
  const results = new File(path, 'r')
  return results
}
