import { expect, test } from 'vitest'
import { type AllowRule, findAllowEntry } from '../../src/verdict/allow.js'

const entry = (fields: Partial<AllowRule>): AllowRule => ({
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
