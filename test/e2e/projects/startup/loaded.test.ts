import { test } from 'vitest'

interface EsmLoader {
  getOrInitializeCascadedLoader(): { loadCache: Map<string, unknown> }
}

// Prints the ESM modules this worker has loaded, for the e2e test to read: the built-ins
// (each one's facade) and leakguard's own files. This file imports nothing but vitest.
test('lists what the worker loaded', () => {
  const loader = (globalThis as Record<symbol, EsmLoader>)[Symbol.for('leakguard.e2e.esmLoader')]
  const urls = [...(loader?.getOrInitializeCascadedLoader().loadCache.keys() ?? [])]
  console.log(`LOADED ${JSON.stringify(urls)}`)
})
