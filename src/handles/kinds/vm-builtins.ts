import { isBuiltin } from 'node:module'

/**
 * The part of a vitest vm realm that holds its built-in modules' ESM namespaces: vitest
 * sets it on the realm's global as `__vitest_vm_context__` (vitest 4.1 and 5). Only the
 * members read here are declared; anything else about it is vitest's to change.
 */
interface VmRealm {
  readonly externalModulesExecutor?: {
    readonly cjs?: {
      readonly moduleCache?: Map<string, unknown>
      require?(identifier: string): unknown
    }
  }
}

/** A `vm.SyntheticModule`, as far as this file uses it. */
interface SyntheticBuiltin {
  readonly status: string
  readonly namespace: Record<string, unknown>
  setExport(name: string, value: unknown): void
}

const isSyntheticBuiltin = (value: unknown): value is SyntheticBuiltin =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { setExport?: unknown }).setExport === 'function' &&
  typeof (value as { status?: unknown }).status === 'string'

/**
 * In a vitest vm pool, makes the ESM named imports of Node's built-ins that this realm
 * already took (`import { openSync } from 'node:fs'`) see the functions the kinds just put
 * on the module objects, and returns how many built-in modules it updated (0 outside a vm
 * realm).
 *
 * Why: vitest's vm pools give each test-file realm its own ESM namespace of a built-in,
 * filled from the CommonJS module object the first time the realm imports it. leakguard
 * itself imports `node:fs` before its kinds install, so without this the test file's named
 * imports keep the unwrapped originals (or, in a later realm, an earlier realm's wrappers,
 * which report to that realm's registry). `syncBuiltinESMExports` only updates Node's own
 * namespaces, not vitest's. An ESM binding is live, so a `setExport` after install reaches
 * every module that imported the name, before or after.
 *
 * Nothing is done when the realm has no such object or its shape differs: named imports of
 * built-ins are then not tracked in vm pools, as the README says.
 */
export function syncVmRealmBuiltins(): number {
  const realm = (globalThis as { __vitest_vm_context__?: VmRealm }).__vitest_vm_context__
  const cjs = realm?.externalModulesExecutor?.cjs
  if (!cjs?.moduleCache || typeof cjs.require !== 'function') return 0
  let synced = 0
  for (const [identifier, module] of cjs.moduleCache) {
    // Only built-ins (`node:fs`, `fs`); a CommonJS package's namespace is not ours to touch.
    if (!isSyntheticBuiltin(module) || !isBuiltin(identifier)) continue
    // Before evaluation the namespace is filled from the module object anyway.
    if (module.status !== 'evaluated') continue
    const exports = cjs.require(identifier)
    if (typeof exports !== 'object' || exports === null) continue
    const { namespace } = module
    let changed = false
    for (const [key, value] of Object.entries(exports)) {
      // Only names the namespace was made with (setExport throws on others), and only
      // those a kind replaced: the rest already hold the same value.
      if (key === 'default' || !(key in namespace) || namespace[key] === value) continue
      module.setExport(key, value)
      changed = true
    }
    if (changed) synced += 1
  }
  return synced
}
