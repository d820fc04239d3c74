import { type HandleRecord, handles } from '../src/handles/index.js'

/** Context keys vitest itself provides; never fixtures. */
const BUILTINS = new Set(['task', 'signal', 'onTestFailed', 'onTestFinished', 'skip', 'annotate'])

/**
 * Which still-open handles are held by a fixture value of the test's context: the value
 * itself, or one of its own properties. Returns handle id → fixture name.
 *
 * Why: vitest resolves a `scope: 'file'` or `'worker'` fixture lazily inside the first
 * test that uses it, and no runner hook wraps that resolution, so what it opens is owned
 * by that test. A handle a fixture value still holds after the test's own teardown is
 * therefore judged when the file ends (after file fixtures tear down, and worker fixtures
 * where the worker runs no other file: see `WorkerFixtures`), not blamed on the first
 * test that used it.
 */
export function findFixtureHolders(context: object, open: HandleRecord[]): Map<string, string> {
  const held = new Map<string, string>()
  if (open.length === 0) return held
  const openIds = new Set(open.map((record) => record.id))
  for (const [name, value] of Object.entries(context)) {
    if (BUILTINS.has(name) || typeof value !== 'object' || value === null) continue
    for (const candidate of [value, ...Object.values(value as Record<string, unknown>)]) {
      if (typeof candidate !== 'object' || candidate === null) continue
      const id = handles.idOf(candidate)
      if (id !== undefined && openIds.has(id)) held.set(id, name)
    }
  }
  return held
}
