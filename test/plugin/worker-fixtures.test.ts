import { describe, expect, test } from 'vitest'
import { type WorkerCleanupHost, WorkerFixtures } from '../../plugin/worker-fixtures.js'

/** A runner as vitest 5 builds it: the hook is an own property; vitest calls `exit` later. */
function host(pool = 'forks') {
  const registered: Array<() => unknown> = []
  const runner: WorkerCleanupHost = {
    pool,
    onCleanupWorkerContext: (listener) => {
      registered.push(listener)
    },
  }
  const fixtures = new WorkerFixtures(runner)
  return {
    runner,
    fixtures,
    /** What vitest does when the worker exits. */
    exit: async () => {
      for (const listener of registered) await listener()
    },
  }
}

describe('WorkerFixtures', () => {
  test('tears down once: early, then vitest’s call at exit waits for the same run', async () => {
    const { runner, fixtures, exit } = host()
    const calls: string[] = []
    expect(fixtures.present).toBe(false)
    runner.onCleanupWorkerContext?.(async () => {
      calls.push('teardown')
    })
    expect(fixtures.present).toBe(true)
    fixtures.checkAtExit(() => calls.push('check'))
    await fixtures.tearDownNow()
    await exit()
    expect(calls).toEqual(['teardown', 'check'])
  })

  test('without an early call, vitest’s exit tears down, then runs the checks', async () => {
    const { runner, fixtures, exit } = host()
    const calls: string[] = []
    runner.onCleanupWorkerContext?.(() => calls.push('teardown'))
    fixtures.checkAtExit(() => calls.push('check'))
    await exit()
    expect(calls).toEqual(['teardown', 'check'])
  })

  test('a teardown error goes to the early caller once, and to vitest when nobody took it', async () => {
    const early = host()
    early.runner.onCleanupWorkerContext?.(() => {
      throw new Error('pool refused to close')
    })
    await expect(early.fixtures.tearDownNow()).rejects.toThrow('pool refused to close')
    await expect(early.exit()).resolves.toBeUndefined()

    const late = host()
    late.runner.onCleanupWorkerContext?.(() => {
      throw new Error('pool refused to close')
    })
    await expect(late.exit()).rejects.toThrow('pool refused to close')
  })

  test('vm pools turn worker fixtures into file fixtures: the hook is left alone', () => {
    let registered = 0
    const hook = () => {
      registered++
    }
    const runner: WorkerCleanupHost = { pool: 'vmThreads', onCleanupWorkerContext: hook }
    const fixtures = new WorkerFixtures(runner)
    expect(runner.onCleanupWorkerContext).toBe(hook)
    runner.onCleanupWorkerContext?.(() => {})
    expect([registered, fixtures.present]).toEqual([1, false])
  })
})
