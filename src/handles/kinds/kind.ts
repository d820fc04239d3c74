import type { HandleRegistry } from '../registry.js'

/**
 * What a kind module is given when it is installed in a worker.
 */
export interface KindContext {
  /** The registry to `track` opens in and `release` closes from. */
  readonly registry: HandleRegistry
  /** The vitest root (absolute): labels show paths relative to it, as messages do. */
  readonly root: string
  /**
   * Imports a package the way the project under test resolves it (from the vitest root),
   * not the way leakguard would resolve it for itself: library kinds must instrument the
   * user's copy, the same module instance its tests import. `undefined` when the project
   * does not have the package, so a project without it pays nothing.
   */
  readonly importFromRoot: (id: string) => Promise<unknown>
}

/**
 * One kind of handle leakguard tracks without a change to the user's tests: how it
 * learns of an open (a wrapped public function, or a `diagnostics_channel`), how it
 * tells open from closed (a wrapped close, or the object's own state at verdict time
 * through `TrackOptions.isOpen`), its label, and its `Fix:` line.
 *
 * @example
 * ```ts
 * export const myDbKind: HandleKind = {
 *   name: 'mydb',
 *   async install({ registry, importFromRoot }) {
 *     const lib = (await importFromRoot('mydb')) as typeof import('mydb') | undefined
 *     if (!lib) return () => {}
 *     const connect = lib.connect
 *     lib.connect = function (this: unknown, ...args: Parameters<typeof connect>) {
 *       const db = connect.apply(this, args)
 *       registry.track(db, { kind: 'mydb', label: String(args[0]), fix: 'close it with `db.close()`' })
 *       return db
 *     }
 *     return () => { lib.connect = connect }
 *   },
 * }
 * ```
 */
export interface HandleKind {
  /** The `kind` its handles are tracked, reported, allowed and selected by. */
  readonly name: string
  /**
   * For a library kind: the import specifiers of its library (`'h5wasm/node'`). The plugin
   * then installs the kind when the user's code first imports one of them, not before
   * every file: a worker whose files never import the library does not load it. Without
   * it the kind is installed before the first test file is collected.
   */
  readonly imports?: readonly string[]
  /**
   * Starts tracking opens of this kind in this realm. Called once per worker: before the
   * first test file is collected, or for a kind with `imports`, when one is first
   * imported. Resolves to a function that undoes it.
   */
  install(context: KindContext): (() => void) | Promise<() => void>
}
