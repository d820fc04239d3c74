import { syncBuiltinESMExports } from 'node:module'
import { globalSlot } from '../global-slot.js'
import { handles } from '../registry.js'
import { importFromRoot } from './import-from-root.js'
import type { HandleKind } from './kind.js'
import { syncVmRealmBuiltins } from './vm-builtins.js'

/** The kinds installed in this realm, by name, each with its undo. */
const installed = globalSlot<Map<string, Promise<() => void>>>(
  'leakguard.kinds.installed.v1',
  () => new Map(),
)

/**
 * Installs the kinds named in `names` from `available`, once per realm: the runner calls it
 * before every file it collects, and a worker that runs several files installs only once.
 *
 * @param root - the vitest root, where library kinds resolve the user's copy of a library
 */
export async function installKinds(
  available: readonly HandleKind[],
  names: readonly string[],
  root: string,
): Promise<void> {
  const context = {
    registry: handles,
    root,
    importFromRoot: (id: string) => importFromRoot(root, id),
  }
  const pending: Promise<() => void>[] = []
  for (const kind of available) {
    if (!names.includes(kind.name)) continue
    let done = installed.get(kind.name)
    if (done === undefined) {
      done = Promise.resolve().then(() => kind.install(context))
      installed.set(kind.name, done)
    }
    pending.push(done)
  }
  await Promise.all(pending)
  // Built-in kinds replace functions on the CommonJS module objects; this makes ESM named
  // imports (`import { open } from 'node:fs/promises'`) taken from now on see them too;
  // in a vitest vm realm, also the ones it already took.
  syncBuiltinESMExports()
  syncVmRealmBuiltins()
}

/** Undoes every installed kind in this realm (tests and benchmarks that compare). */
export async function uninstallKinds(): Promise<void> {
  const undos = await Promise.all(installed.values())
  installed.clear()
  for (const undo of undos.reverse()) undo()
  syncBuiltinESMExports()
  syncVmRealmBuiltins()
}
