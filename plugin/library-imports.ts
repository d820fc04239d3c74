import { handleKinds } from '../src/handles/kinds/index.js'
import type { ResolvedOptions } from './options.js'
import { workerModulePath } from './worker-paths.js'

/** `\0` keeps other plugins off these ids, as Vite's convention for virtual modules. */
const REEXPORT = '\0leakguard:import:'
const INSTALL = '\0leakguard:install:'

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Every library specifier of every kind and leakguard's own ids: Vite calls the plugin's
 * `resolveId`/`load` only for ids that match (a hook filter), not for every module.
 */
export const libraryIdFilter: RegExp = new RegExp(
  [
    ...handleKinds.flatMap((kind) => kind.imports ?? []).map((id) => `^${escapeRegExp(id)}$`),
    `^${escapeRegExp(REEXPORT)}`,
    `^${escapeRegExp(INSTALL)}`,
  ].join('|'),
)

/** The plugin's resolution of library imports (see {@link libraryImports}). */
export interface LibraryImports {
  /** The id to load instead of `source`, or `null` to leave it to Vite. */
  resolveId(source: string, importer: string | undefined, serverSide: boolean): string | null
  /** The code of one of the ids `resolveId` gave, or `null` for any other id. */
  load(id: string): string | null
}

/**
 * Library kinds (`hdf5`, `duckdb`) installed when the user's code imports the library,
 * not in every worker: loading h5wasm or DuckDB costs 0.4–1.1 s of CPU and 30–37 MB a
 * worker, which a file that does not use them should not pay (BENCHMARKS.md).
 *
 * An import of `h5wasm/node` that Vite resolves for a test file, or for any module it
 * runs, becomes a small module that first installs the kind in the worker (the kind
 * imports the user's copy natively, as vitest does an external dependency: the same
 * module instance) and then re-exports the library, named exports and default. Types are
 * not involved: TypeScript still resolves `h5wasm/node` itself.
 *
 * What this does not see: code vitest does not run through Vite, i.e. a dependency
 * under `node_modules` that imports the library itself, and `require()`. For those, a
 * setup file that imports the library installs the kind before each test file.
 */
export function libraryImports(options: ResolvedOptions): LibraryImports {
  const kindOf = new Map<string, string>()
  if (options.onLeak !== 'off') {
    for (const kind of handleKinds) {
      if (!options.track.includes(kind.name)) continue
      for (const id of kind.imports ?? []) kindOf.set(id, kind.name)
    }
  }
  return {
    resolveId(source, importer, serverSide) {
      if (source.startsWith(INSTALL)) return source
      const kind = kindOf.get(source)
      // Our own module imports the real library; a browser environment has no worker.
      if (kind === undefined || importer?.startsWith(REEXPORT) || !serverSide) return null
      return `${REEXPORT}${source}`
    },
    load(id) {
      if (id.startsWith(INSTALL)) {
        const installer = workerModulePath('library-import')
        return [
          `import { installOnImport } from ${JSON.stringify(installer)}`,
          `await installOnImport(${JSON.stringify(id.slice(INSTALL.length))}, ${JSON.stringify(options.root)})`,
          '',
        ].join('\n')
      }
      if (!id.startsWith(REEXPORT)) return null
      const source = id.slice(REEXPORT.length)
      const kind = kindOf.get(source)
      if (kind === undefined) return null
      const library = JSON.stringify(source)
      // Imports run in order: the kind is installed before the library is loaded here, so
      // a CommonJS library is loaded by the kind, untracked, not by this import.
      return [
        `import ${JSON.stringify(`${INSTALL}${kind}`)}`,
        `import * as library from ${library}`,
        `export * from ${library}`,
        'export default library.default',
        '',
      ].join('\n')
    },
  }
}
