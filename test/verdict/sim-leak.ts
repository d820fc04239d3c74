import type { LeakEntry } from '../../src/report/model.js'

/** A dataset left open by `test/sim.test.ts` at line 12: the verdict tests' one leak. */
export const simLeak: LeakEntry = {
  id: 'h7',
  kind: 'dataset',
  label: '/data/run.zarr',
  openedAt: 'test/sim.test.ts:12:14',
  sourceLine: "const ds = await openDataset('/data/run.zarr')",
  stack: ['Error: ', '    at /repo/test/sim.test.ts:12:14'].join('\n'),
  state: 'open',
}

/** The exact lines a user reads for {@link simLeak} left by test "sim > ensemble". */
export const simLeakLines = [
  'Test "sim > ensemble" (test/sim.test.ts) left 1 handle open after its teardown:',
  '  - dataset "/data/run.zarr" (h7) opened at test/sim.test.ts:12:14',
  "      const ds = await openDataset('/data/run.zarr')",
  'Fix: close it with `await ds.close()` (in the test, or in the fixture after `use()`), or hold it with `await using ds = …` so it closes itself.',
]
