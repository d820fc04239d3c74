/**
 * A process-wide (per JS realm) slot keyed by a registered symbol.
 *
 * Why: in a vitest worker the custom runner and the test file's `import 'leakguard'`
 * load this package as two separate module instances (measured while planning).
 * State that both must see — the registry, the owner context — therefore lives on
 * `globalThis` under a `Symbol.for` key instead of in module scope.
 *
 * @param key - a unique, versioned name such as `leakguard.registry.v1`
 * @param create - builds the value the first time any module instance asks
 * @returns the one shared value for this realm
 */
export function globalSlot<T>(key: string, create: () => T): T {
  const symbol = Symbol.for(key)
  const holder = globalThis as unknown as Record<symbol, T | undefined>
  let value = holder[symbol]
  if (value === undefined) {
    value = create()
    holder[symbol] = value
  }
  return value
}
