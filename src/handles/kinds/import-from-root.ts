import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/**
 * Imports `id` the way the project at `root` resolves it, so a library kind instruments the
 * copy the user's tests import, not one leakguard would resolve for itself.
 *
 * @returns the module namespace, or `undefined` when the project does not have the package
 *   (a project without it pays one failed resolution, nothing more)
 */
export async function importFromRoot(root: string, id: string): Promise<unknown> {
  let resolved: string
  try {
    resolved = createRequire(join(root, 'package.json')).resolve(id)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined
    throw error
  }
  return import(pathToFileURL(resolved).href)
}
