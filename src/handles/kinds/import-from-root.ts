import { pathToFileURL } from 'node:url'
import { resolveImport } from './resolve-import.js'

/**
 * Imports `id` the way the project at `root` resolves it, so a library kind instruments the
 * copy the user's tests import, not one leakguard would resolve for itself. The file is the
 * one `import()` picks (the `import`/`node` conditions of the package's exports), as vitest
 * loads an external dependency: `require`'s resolution would fail on an ESM-only package
 * (h5wasm) and pick the other instance of a dual one.
 *
 * @returns the module namespace, or `undefined` when the project does not have the package
 *   (a project without it pays one failed lookup, nothing more)
 */
export async function importFromRoot(root: string, id: string): Promise<unknown> {
  const resolved = resolveImport(root, id)
  return resolved === undefined ? undefined : import(pathToFileURL(resolved).href)
}
