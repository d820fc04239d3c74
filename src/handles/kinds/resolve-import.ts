import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** The conditions Node's `import()` matches in a package's `exports`, in its order. */
const IMPORT_CONDITIONS = ['node', 'import', 'module-sync', 'default'] as const

/** Thrown when a package is found but its `exports` give no file for `import()` of `id`. */
export class ImportResolutionError extends Error {
  override readonly name = 'ImportResolutionError'
  constructor(
    readonly id: string,
    readonly packageDir: string,
    reason: string,
  ) {
    super(`Cannot resolve \`${id}\` for import() in ${packageDir}: ${reason}`)
  }
}

/** `'@scope/name/sub'` → `['@scope/name', './sub']`; `'name'` → `['name', '.']`. */
function splitSpecifier(id: string): [string, string] {
  const parts = id.split('/')
  const nameLength = id.startsWith('@') ? 2 : 1
  const name = parts.slice(0, nameLength).join('/')
  const rest = parts.slice(nameLength).join('/')
  return [name, rest === '' ? '.' : `./${rest}`]
}

/** The target a conditional `exports` entry gives `import()`, or `undefined` for none. */
function pickTarget(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry
  if (Array.isArray(entry)) {
    for (const item of entry) {
      const target = pickTarget(item)
      if (target !== undefined) return target
    }
    return undefined
  }
  if (typeof entry !== 'object' || entry === null) return undefined
  const conditions = entry as Record<string, unknown>
  // Keys are tried in the object's order, as Node does: the first one that applies wins.
  for (const [condition, value] of Object.entries(conditions)) {
    if ((IMPORT_CONDITIONS as readonly string[]).includes(condition)) {
      const target = pickTarget(value)
      if (target !== undefined) return target
    }
  }
  return undefined
}

/** The directory of `name` as Node looks it up from `root`: each `node_modules` upwards. */
function findPackageDir(root: string, name: string): string | undefined {
  const lookup = createRequire(join(root, 'package.json')).resolve.paths(name) ?? []
  for (const dir of lookup) {
    if (existsSync(join(dir, name, 'package.json'))) return join(dir, name)
  }
  return undefined
}

/**
 * The file `import(id)` loads for a project at `root`, matching the `node` and `import`
 * conditions of the package's `exports` as Node (and vitest, which imports dependencies
 * natively) does. `createRequire().resolve` cannot stand in for it: it matches `require`,
 * so it fails on an ESM-only package (h5wasm) and picks the CommonJS build of a dual one,
 * another module instance than the user's tests import.
 *
 * Exact subpaths and conditions are matched; subpath patterns (`./*`) fall back to
 * `require`'s resolution.
 *
 * @returns the absolute path, or `undefined` when the project does not have the package
 */
export function resolveImport(root: string, id: string): string | undefined {
  const [name, subpath] = splitSpecifier(id)
  const packageDir = findPackageDir(root, name)
  if (packageDir === undefined) return undefined
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    exports?: unknown
  }
  const { exports } = manifest
  if (exports === undefined || exports === null) {
    return createRequire(join(packageDir, 'package.json')).resolve(id)
  }
  const sugar =
    typeof exports === 'string' ||
    Array.isArray(exports) ||
    Object.keys(exports as object).every((key) => !key.startsWith('.'))
  const entry = sugar
    ? subpath === '.'
      ? exports
      : undefined
    : (exports as Record<string, unknown>)[subpath]
  if (entry === undefined) {
    if (!sugar && Object.keys(exports as object).some((key) => key.includes('*'))) {
      return createRequire(join(packageDir, 'package.json')).resolve(id)
    }
    throw new ImportResolutionError(id, packageDir, `its exports have no "${subpath}"`)
  }
  const target = pickTarget(entry)
  if (target === undefined) {
    throw new ImportResolutionError(id, packageDir, `no ${IMPORT_CONDITIONS.join('/')} condition`)
  }
  return join(dirname(join(packageDir, 'package.json')), target)
}
