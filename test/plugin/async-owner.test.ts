import { setTimeout as sleep } from 'node:timers/promises'
import type { RunnerTestFile } from 'vitest'
import { expect, test } from 'vitest'
import { asyncOwnerPolicy } from '../../plugin/async-owner.js'
import { ownerContext } from '../../src/handles/index.js'

function fileWith(concurrent: boolean): RunnerTestFile {
  const test = { type: 'test', concurrent }
  return {
    type: 'suite',
    filepath: `/f-${concurrent}.test.ts`,
    tasks: [test],
  } as unknown as RunnerTestFile
}

/** The owner current after `delay` ms, as a handle opened then would record it. */
async function seenBy(delay: number): Promise<string | undefined> {
  await sleep(delay)
  return ownerContext.current() ?? 'none'
}

test('in a file with concurrent tests, interleaved spans each keep their own owner', async () => {
  const policy = asyncOwnerPolicy('concurrent')
  const file = fileWith(true)
  policy.prepare(file)
  const [a, b] = await Promise.all([
    policy.enter('test:a', file.filepath, () => seenBy(20)),
    policy.enter('test:b', file.filepath, () => seenBy(5)),
  ])
  expect([a, b]).toEqual(['test:a', 'test:b'])
})

test('in a sequential file the plain owner is set for the span and restored after it', async () => {
  const policy = asyncOwnerPolicy('concurrent')
  const file = fileWith(false)
  policy.prepare(file)
  // Under leakguard's own plugin (the dogfood run) this test already has an owner: keep it.
  const outer = ownerContext.current()
  ownerContext.enter('file:/f-false.test.ts')
  const seen = await policy.enter('test:c', file.filepath, () => seenBy(5))
  expect(seen).toBe('test:c')
  expect(ownerContext.current()).toBe('file:/f-false.test.ts')
  ownerContext.enter(outer)
})

test("the plain mode's documented trade-off: overlapping spans cannot be told apart", async () => {
  const policy = asyncOwnerPolicy('concurrent')
  const file = fileWith(false)
  // The owner before a: none, or this test's own under leakguard's plugin (dogfood run).
  const outer = ownerContext.current()
  // Not prepared as concurrent: b starts while a waits, so a sees b's owner, and a's end
  // restores the owner from before a, so b then sees that one, not its own.
  const [a, b] = await Promise.all([
    policy.enter('test:a', file.filepath, () => seenBy(5)),
    policy.enter('test:b', file.filepath, () => seenBy(20)),
  ])
  expect([a, b]).toEqual(['test:b', outer ?? 'none'])
  ownerContext.enter(outer)
})

test("'always' uses AsyncLocalStorage even in a sequential file", async () => {
  const policy = asyncOwnerPolicy('always')
  const file = fileWith(false)
  const [a, b] = await Promise.all([
    policy.enter('test:a', file.filepath, () => seenBy(5)),
    policy.enter('test:b', file.filepath, () => seenBy(20)),
  ])
  expect([a, b]).toEqual(['test:a', 'test:b'])
})
