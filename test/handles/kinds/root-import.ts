import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { resolveImport } from '../../../src/handles/kinds/resolve-import.js'

/** The repository root, whose node_modules hold h5wasm and @duckdb/node-api (devDependencies). */
export const repoRoot = resolve(import.meta.dirname, '../../..')

/** `importFromRoot` as the plugin gives it to a kind, for a project at `root`. */
export function importFrom(root: string): (id: string) => Promise<unknown> {
  return async (id) => {
    const file = resolveImport(root, id)
    return file === undefined ? undefined : import(pathToFileURL(file).href)
  }
}
