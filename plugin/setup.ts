import { aroundEach } from 'vitest'
import { ownerContext } from '../src/handles/index.js'
import { fallbackState, testOwner } from './owner-keys.js'

// Injected into every project by the plugin. Setup files are imported while the test
// file is collected, inside vitest's `collect_spec` span: if the runner's trace wrapping
// already made the file the owner here, it works and no hook is needed (an aroundEach on
// every test costs measurable time). If not (span names changed), each test, its hooks
// and fixtures get their owner from this aroundEach instead; auto fixtures and module
// scope then have none.
if (!ownerContext.current()?.startsWith('file:')) {
  fallbackState.useAroundEach = true
  console.warn(
    'leakguard: vitest did not collect this file inside its `collect_spec` trace span; ' +
      'owning tests through aroundEach instead. Handles opened in beforeAll, at module ' +
      'scope or by auto fixtures are not checked in this mode.',
  )
  aroundEach(async (run, { task }) => ownerContext.run(testOwner(task.id), run))
}
