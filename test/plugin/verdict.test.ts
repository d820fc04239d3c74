import { expect, test } from 'vitest'
import type { ResolvedAllowEntry } from '../../plugin/options.js'
import { findAllowEntry, settle } from '../../plugin/verdict.js'

const entry = (fields: Partial<ResolvedAllowEntry>): ResolvedAllowEntry => ({
  kind: undefined,
  label: undefined,
  labelPattern: undefined,
  openedAt: undefined,
  reason: 'because',
  ...fields,
})
const leak = {
  kind: 'dataset',
  label: '/data/legacy/a.zarr',
  openedAt: 'test/legacy/a.test.ts:12:5',
}

test('allow entries match on kind, label, label pattern and open-site globs', () => {
  expect(findAllowEntry(leak, [entry({ kind: 'dataset' })])?.reason).toBe('because')
  expect(findAllowEntry(leak, [entry({ kind: 'socket' })])).toBeUndefined()
  expect(findAllowEntry(leak, [entry({ label: '/data/legacy/a.zarr' })])).toBeDefined()
  expect(findAllowEntry(leak, [entry({ labelPattern: 'legacy/.*\\.zarr$' })])).toBeDefined()
  expect(findAllowEntry(leak, [entry({ openedAt: 'test/legacy/**' })])).toBeDefined()
  expect(findAllowEntry(leak, [entry({ openedAt: 'test/legacy/a.test.ts:12' })])).toBeDefined()
  expect(findAllowEntry(leak, [entry({ openedAt: 'test/legacy/a.test.ts:13' })])).toBeUndefined()
  expect(findAllowEntry(leak, [entry({ openedAt: 'test/new/**' })])).toBeUndefined()
  // Every given field must match.
  expect(
    findAllowEntry(leak, [entry({ kind: 'dataset', openedAt: 'test/new/**' })]),
  ).toBeUndefined()
})

test('settle waits for a close already under way, and gives up after the turns', async () => {
  const open = ['h1']
  setImmediate(() => open.pop())
  expect(await settle(() => [...open], 3)).toEqual([])
  const stuck = ['h2']
  expect(await settle(() => [...stuck], 3)).toEqual(['h2'])
  expect(await settle(() => [...stuck], 0)).toEqual(['h2'])
})
