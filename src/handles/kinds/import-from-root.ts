import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { resolveImport } from './resolve-import.js'
import { untracked } from './untracked.js'

/**
 * Imports `id` the way the project at `root` resolves it, so a library kind instruments the
 * copy the user's tests import, not one leakguard would resolve for itself. The file is the
 * one `import()` picks (the `import`/`node` conditions of the package's exports), as vitest
 * loads an external dependency: `require`'s resolution would fail on an ESM-only package
 * (h5wasm) and pick the other instance of a dual one.
 *
 * A CommonJS file is loaded with `require`, synchronously and untracked: what it opens
 * while loading (`@duckdb/node-bindings` reads files to detect the libc) is leakguard's own
 * doing, not a handle of a test. Node's `import()` of that file later reuses the same
 * module, so its namespace is `{ default: module.exports, …module.exports }` alike.
 *
 * @returns the module namespace, or `undefined` when the project does not have the package
 *   (a project without it pays one failed lookup, nothing more)
 */
export async function importFromRoot(root: string, id: string): Promise<unknown> {
  const resolved = resolveImport(root, id)
  if (resolved === undefined) return undefined
  if (isCommonJs(resolved)) {
    const exports: unknown = untracked(() => createRequire(resolved)(resolved))
    return { ...(exports as object), default: exports }
  }
  return import(pathToFileURL(resolved).href)
}

/** How Node reads a file: `.cjs`/`.mjs` say so, a `.js` follows its package's `type`. */
function isCommonJs(file: string): boolean {
  if (file.endsWith('.cjs')) return true
  if (!file.endsWith('.js')) return false
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest)) {
      return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type !== 'module'
    }
    if (dirname(dir) === dir) return true
  }
}
