import { expect, test } from 'vitest'
import type { LeakEntry } from '../../src/report/model.js'
import { formatLeakMessage, leakErrorStack } from '../../src/verdict/leak-message.js'
import { simLeak, simLeakLines } from './sim-leak.js'

// With the frames above and below the user's: the stack tests drop the ones above.
const leak: LeakEntry = {
  ...simLeak,
  stack: [
    'Error: ',
    '    at new Dataset (/repo/node_modules/leakguard/dist/src/dataset/dataset.js:1:1)',
    '    at /repo/test/sim.test.ts:12:14',
    '    at async run (/repo/node_modules/@vitest/runner/dist/index.js:5:5)',
  ].join('\n'),
}

test('a test leak names the test, file, handle, open site, source line and fix', () => {
  expect(
    formatLeakMessage({ kind: 'test', name: 'sim > ensemble', file: 'test/sim.test.ts' }, [leak]),
  ).toBe(simLeakLines.join('\n'))
})

test('file leaks carry their notes; collected handles say so', () => {
  const collected: LeakEntry = {
    ...leak,
    state: 'collected-while-open',
    sourceLine: undefined as never,
  }
  delete (collected as Partial<LeakEntry>).sourceLine
  const message = formatLeakMessage(
    { kind: 'file', name: '', file: 'test/a.test.ts' },
    [collected],
    ['h7 was opened by a callback of a test that had already ended'],
  )
  expect(message.split('\n')).toEqual([
    'Test file test/a.test.ts (module scope, file or worker fixtures) left 1 handle open when it ended:',
    '  - dataset "/data/run.zarr" (h7) was garbage-collected without close(), opened at test/sim.test.ts:12:14',
    '  note: h7 was opened by a callback of a test that had already ended',
    expect.stringMatching(/^Fix: /),
  ])
})

test('the error stack starts at the user frame, so vitest frames the open line', () => {
  expect(leakErrorStack('msg', [leak]).split('\n')).toEqual([
    'HandleLeakError: msg',
    '    at /repo/test/sim.test.ts:12:14',
    '    at async run (/repo/node_modules/@vitest/runner/dist/index.js:5:5)',
  ])
})
