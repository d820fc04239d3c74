import type { HandleRegistry, PendingOpen } from '../registry.js'
import type { HandleKind } from './kind.js'
import { pathLabel } from './label.js'
import { originalOf, replaceMethod } from './wrap.js'

const PACKAGE = '@duckdb/node-api'

/** What DuckDB calls the database when `create`/`fromCache` is given no path. */
const IN_MEMORY = ':memory:'

const INSTANCE_FIX = 'close it with `instance.closeSync()` (in the test or its `afterEach`).'
const CONNECTION_FIX =
  'close it with `connection.disconnectSync()` (in the test or its `afterEach`): a live ' +
  'connection keeps the database, and its file lock, after `instance.closeSync()`.'

type Method = (this: unknown, ...args: unknown[]) => unknown

/** A class whose static and prototype methods this kind wraps in place. */
interface WrappableClass {
  [name: string]: unknown
  readonly prototype: Record<string, unknown>
}

/** The classes of `@duckdb/node-api` that open and close a database or a connection. */
interface DuckDbApi {
  readonly DuckDBInstance: WrappableClass
  readonly DuckDBInstanceCache: WrappableClass
  readonly DuckDBConnection: WrappableClass
}

function isClass(value: unknown): value is WrappableClass {
  return (
    typeof value === 'function' && typeof (value as { prototype?: unknown }).prototype === 'object'
  )
}

/**
 * The API from the package's namespace. It is CommonJS: Node's ESM view names its exports,
 * but a namespace built without them still has `module.exports` as `default`.
 */
function apiOf(namespace: unknown): DuckDbApi {
  const candidates = [namespace, (namespace as { default?: unknown } | undefined)?.default]
  for (const candidate of candidates) {
    const api = candidate as Partial<DuckDbApi> | undefined
    if (
      isClass(api?.DuckDBInstance) &&
      isClass(api.DuckDBInstanceCache) &&
      isClass(api.DuckDBConnection)
    ) {
      return api as DuckDbApi
    }
  }
  throw new TypeError(
    `${PACKAGE} does not export DuckDBInstance, DuckDBInstanceCache and DuckDBConnection classes`,
  )
}

/** Wraps `target[name]` in place; the returned function puts the original back. */
function wrap(
  target: Record<string, unknown>,
  name: string,
  make: (original: Method) => Method,
): () => void {
  return replaceMethod(target, name, (original) => make(original as Method))
}

/**
 * Checks every method this kind wraps before wrapping any, so a version of the package
 * that lacks one is refused whole, not left half instrumented.
 */
function checkMethods(api: DuckDbApi): void {
  const needed: [string, Record<string, unknown>, string][] = [
    ['DuckDBInstance', api.DuckDBInstance, 'create'],
    ['DuckDBInstance.prototype', api.DuckDBInstance.prototype, 'connect'],
    ['DuckDBInstance.prototype', api.DuckDBInstance.prototype, 'closeSync'],
    ['DuckDBInstanceCache.prototype', api.DuckDBInstanceCache.prototype, 'getOrCreateInstance'],
    ['DuckDBConnection', api.DuckDBConnection, 'create'],
    ['DuckDBConnection.prototype', api.DuckDBConnection.prototype, 'disconnectSync'],
  ]
  for (const [owner, target, name] of needed) {
    if (typeof target[name] !== 'function') {
      throw new TypeError(`${PACKAGE}: ${owner}.${name} is not a function, so it cannot be tracked`)
    }
  }
}

/**
 * Wraps an async opener: the open site and owner are taken when the call begins (the
 * native open finishes on DuckDB's threads, with no user frame on the stack), the verdict
 * waits for it while it is in flight, and what it resolves to is tracked.
 */
function trackResolved(
  registry: HandleRegistry,
  original: Method,
  track: (opened: object, self: unknown, args: unknown[], pending: PendingOpen) => void,
): Method {
  return function trackedOpen(this: unknown, ...args: unknown[]) {
    // Its begin stack is taken below this wrapper, where the caller is (12 frames).
    const pending = registry.opening(trackedOpen)
    let result: unknown
    try {
      result = original.apply(this, args)
    } catch (error) {
      pending.done()
      throw error
    }
    return Promise.resolve(result).then(
      (opened) => {
        pending.done()
        if (typeof opened === 'object' && opened !== null) track(opened, this, args, pending)
        return opened
      },
      (error: unknown) => {
        pending.done()
        throw error
      },
    )
  }
}

/** The process-wide cache `DuckDBInstance.fromCache` uses. */
function cacheOf(cacheClass: WrappableClass): unknown {
  const cache = cacheClass.singleton
  if (typeof cache !== 'object' || cache === null) {
    throw new TypeError(`${PACKAGE}: DuckDBInstanceCache.singleton is not a cache`)
  }
  return cache
}

/**
 * DuckDB databases and connections opened through `@duckdb/node-api`:
 * `DuckDBInstance.create`, `DuckDBInstance.fromCache` (and any `DuckDBInstanceCache`) until
 * `instance.closeSync()`, and `instance.connect()` (and `DuckDBConnection.create`) until
 * `connection.disconnectSync()`/`closeSync()`. A live connection keeps the database and its
 * file lock even after the instance is closed, so each is its own handle.
 *
 * The package is CommonJS: the classes Node hands to the user's `import` and `require` are
 * the same objects, so their static and prototype methods are wrapped in place.
 */
export const duckdbKind: HandleKind = {
  name: 'duckdb',
  imports: [PACKAGE],
  async install({ registry, importFromRoot, root }) {
    const namespace = await importFromRoot(PACKAGE)
    if (namespace === undefined) return () => {}
    const api = apiOf(namespace)
    checkMethods(api)
    const { DuckDBInstance, DuckDBInstanceCache, DuckDBConnection } = api
    const paths = new WeakMap<object, string>()
    const trackInstance = (instance: object, path: unknown, pending: PendingOpen) => {
      const label =
        typeof path === 'string' && path !== '' && path !== IN_MEMORY
          ? pathLabel(path, root)
          : IN_MEMORY
      paths.set(instance, label)
      registry.track(instance, { kind: 'duckdb', label, fix: INSTANCE_FIX, pending })
    }
    const trackConnection = (connection: object, database: string, pending: PendingOpen) =>
      registry.track(connection, {
        kind: 'duckdb',
        label: `${database} (connection)`,
        fix: CONNECTION_FIX,
        pending,
      })
    const releaseThis = (original: Method): Method =>
      function (this: unknown, ...args: unknown[]) {
        const result = original.apply(this, args)
        if (typeof this === 'object' && this !== null) registry.release(this)
        return result
      }
    // Called unwrapped below; another install (a second realm, a test of this kind under
    // the plugin) may have wrapped them already.
    const getOrCreate = originalOf(DuckDBInstanceCache.prototype.getOrCreateInstance as Method)
    const connect = originalOf(DuckDBInstance.prototype.connect as Method)
    const undo = [
      wrap(DuckDBInstance, 'create', (create) =>
        trackResolved(registry, create, (instance, _self, [path], pending) =>
          trackInstance(instance, path, pending),
        ),
      ),
      // fromCache goes through the cache singleton's getOrCreateInstance: wrapping the
      // prototype method sees it, and caches the user made with `new DuckDBInstanceCache()`.
      wrap(DuckDBInstanceCache.prototype, 'getOrCreateInstance', (original) =>
        trackResolved(registry, original, (instance, _self, [path], pending) =>
          trackInstance(instance, path, pending),
        ),
      ),
      wrap(DuckDBInstance.prototype, 'connect', (original) =>
        trackResolved(registry, original, (connection, self, _args, pending) =>
          trackConnection(
            connection,
            (typeof self === 'object' && self !== null && paths.get(self)) || IN_MEMORY,
            pending,
          ),
        ),
      ),
      // `DuckDBConnection.create()` with no instance (the package's quick start) connects to
      // the cached in-memory database, an instance the user never holds and cannot close:
      // only the connection is theirs. So that instance is opened unwrapped.
      wrap(
        DuckDBConnection,
        'create',
        (create) =>
          function (this: unknown, ...args: unknown[]) {
            if (args[0] !== undefined) return create.apply(this, args)
            return trackResolved(
              registry,
              async () => connect.call(await getOrCreate.call(cacheOf(DuckDBInstanceCache))),
              (connection, _self, _args, pending) =>
                trackConnection(connection, IN_MEMORY, pending),
            )()
          },
      ),
      wrap(DuckDBInstance.prototype, 'closeSync', releaseThis),
      // closeSync() of a connection calls this.disconnectSync(): one wrapper sees both.
      wrap(DuckDBConnection.prototype, 'disconnectSync', releaseThis),
    ]
    return () => {
      for (const restore of undo.reverse()) restore()
    }
  },
}
