import { handleKinds, installKinds } from '../src/handles/kinds/index.js'

/**
 * Installs the library kind `name` in this worker, once per realm. Imported by the module
 * the plugin puts in place of the user's import of the library (`library-imports.ts`), so
 * it runs when the user's code first imports it, before that import returns: on the copy
 * the tests get, and only in workers whose files use the library.
 *
 * @param name - the kind, e.g. `'hdf5'`
 * @param root - the vitest root, where the kind resolves the user's copy
 */
export async function installOnImport(name: string, root: string): Promise<void> {
  await installKinds(handleKinds, [name], root)
}
