import { expect, test } from 'vitest'
import { settle } from '../../plugin/measure-leaks.js'

test('settle waits for a close already under way, and gives up after the turns', async () => {
  const open = ['h1']
  setImmediate(() => open.pop())
  expect(await settle(() => [...open], 3)).toEqual([])
  const stuck = ['h2']
  expect(await settle(() => [...stuck], 3)).toEqual(['h2'])
  expect(await settle(() => [...stuck], 0)).toEqual(['h2'])
})
