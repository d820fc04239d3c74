import { test } from 'vitest'

interface EsmLoader {
  getOrInitializeCascadedLoader(): { loadCache: Map<string, unknown> }
}

// Prints what this worker has loaded, for the e2e test to read: the ESM modules (each
// built-in's ESM facade, and leakguard's own files) and Node's built-in modules, however
// they were loaded. This file imports nothing but vitest.

// Its verdict (memory limit, peak, fds, the log) runs before the next test lists anything.
test('a first test, judged before the listing', () => {})

test('lists what the worker loaded', () => {
  const loader = (globalThis as Record<symbol, EsmLoader>)[Symbol.for('leakguard.e2e.esmLoader')]
  const urls = [...(loader?.getOrInitializeCascadedLoader().loadCache.keys() ?? [])]
  console.log(`LOADED ${JSON.stringify(urls)}`)
  const list = (process as unknown as { moduleLoadList: string[] }).moduleLoadList
  const builtins = list
    .filter((entry) => entry.startsWith('NativeModule ') && !entry.includes(' internal/'))
    .map((entry) => entry.slice('NativeModule '.length))
  console.log(`BUILTINS ${JSON.stringify(builtins)}`)
})
