import { resolve } from 'node:path'
import { type HandleRecord, handles } from '../../../src/handles/index.js'
import { importFromRoot } from '../../../src/handles/kinds/import-from-root.js'
import type { KindContext } from '../../../src/handles/kinds/kind.js'

/** The repository root, whose node_modules hold h5wasm and @duckdb/node-api (devDependencies). */
export const repoRoot = resolve(import.meta.dirname, '../../..')

/** The context the plugin gives a kind, for a project at `root`. */
export function contextFor(
  root: string,
  importer: (id: string) => Promise<unknown> = (id) => importFromRoot(root, id),
): KindContext {
  return { registry: handles, root, importFromRoot: importer }
}

/** The records of one `kind` open in the shared registry: `owner`'s, or every owner's. */
export function openOfKind(kind: string, owner?: string): HandleRecord[] {
  return handles.open(owner).filter((record) => record.kind === kind)
}
