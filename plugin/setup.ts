import { aroundEach } from 'vitest'
import { ownerContext } from '../src/handles/index.js'
import { fallbackState, testOwner } from './owner-keys.js'

// Injected into every project by the plugin. Normally idle: the runner owns tests by
// wrapping vitest's trace spans. If its self-check finds that did not work (span names
// changed), this gives each test, its hooks and fixtures the right owner instead
// (auto fixtures and module scope then have none).
aroundEach(async (run, { task }) => {
  if (!fallbackState.useAroundEach) return run()
  return ownerContext.run(testOwner(task.id), run)
})
