import { syncBuiltinESMExports } from 'node:module'
import { setInterval as timersSetInterval } from 'node:timers'
import { setInterval as intervalIterator } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type HandleRecord, handles, ownerContext } from '../../../src/handles/index.js'
import { intervalKind, intervalLabel } from '../../../src/handles/kinds/interval.js'
import { getForcedGc } from '../../../src/memory/force-gc.js'
import { lineOf as lineIn } from '../../support/line-of.js'
import { contextFor, openOfKind, repoRoot } from './root-import.js'
import { runWithKind } from './run-with-kind.js'

const here = fileURLToPath(import.meta.url)
let uninstall: () => void

/** `line` (1-based) of the first line of this file containing `text`. */
const lineOf = (text: string): number => lineIn(here, text)

const openIntervals = (owner: string): HandleRecord[] => openOfKind('interval', owner)

beforeAll(async () => {
  uninstall = await intervalKind.install(contextFor(repoRoot))
  syncBuiltinESMExports()
})

afterAll(() => {
  uninstall()
  syncBuiltinESMExports()
})

describe('intervalLabel', () => {
  test('the callback name and the period Node runs it at', () => {
    function poll(): void {}
    const tick = () => {}
    expect(intervalLabel(poll, 250)).toBe('poll every 250 ms')
    expect(intervalLabel(tick, '100')).toBe('tick every 100 ms')
    expect(intervalLabel(() => {}, 5)).toBe('anonymous every 5 ms')
    // Outside 1…2^31-1 (or not a number), Node runs it every millisecond.
    expect(intervalLabel(poll, 0)).toBe('poll every 1 ms')
    expect(intervalLabel(poll, undefined)).toBe('poll every 1 ms')
    expect(intervalLabel(poll, 2 ** 31)).toBe('poll every 1 ms')
    expect(intervalLabel(poll, 2 ** 31 - 1)).toBe(`poll every ${2 ** 31 - 1} ms`)
  })
})

describe('interval kind', () => {
  test('setInterval is tracked with its label, owner, Fix and the line that called it', () => {
    const open = () => setInterval(function heartbeat() {}, 60_000) // open: global
    const id = ownerContext.run('test:interval-open', open)
    try {
      expect(openIntervals('test:interval-open')).toMatchObject([
        {
          kind: 'interval',
          label: 'heartbeat every 60000 ms',
          owner: 'test:interval-open',
          fix: expect.stringContaining('clearInterval(id)'),
          openSite: { file: here, line: lineOf('// open: global') },
        },
      ])
    } finally {
      clearInterval(id)
    }
    expect(openIntervals('test:interval-open')).toEqual([])
  })

  test("node:timers' setInterval (an ESM named import) is tracked; an unref()ed one stays open", () => {
    const timer = ownerContext.run('test:interval-timers', () =>
      timersSetInterval(() => {}, 60_000).unref(),
    )
    try {
      expect(openIntervals('test:interval-timers').map((record) => record.label)).toEqual([
        'anonymous every 60000 ms',
      ])
    } finally {
      clearInterval(timer)
    }
  })

  test('every way of clearing closes it: clearInterval, clearTimeout, close(), dispose, the numeric id', () => {
    const owner = 'test:interval-clear'
    const timers = ownerContext.run(owner, () =>
      [1, 2, 3, 4, 5].map(() => setInterval(() => {}, 60_000)),
    )
    expect(openIntervals(owner)).toHaveLength(5)
    const [a, b, c, d, e] = timers as [
      NodeJS.Timeout,
      NodeJS.Timeout,
      NodeJS.Timeout,
      NodeJS.Timeout,
      NodeJS.Timeout,
    ]
    clearInterval(a)
    clearTimeout(b)
    c.close()
    d[Symbol.dispose]()
    clearInterval(Number(e))
    expect(openIntervals(owner)).toEqual([])
  })

  test("timers/promises' iterator is tracked until its loop ends, return() or its signal aborts", async () => {
    const owner = 'test:interval-iterator'
    const abandoned = ownerContext.run(owner, () => intervalIterator(5))
    const never = ownerContext.run(owner, () => intervalIterator(5))
    // Not driven yet: no timer, nothing tracked.
    expect(openIntervals(owner)).toEqual([])
    const start = () => abandoned.next() // open: first next()
    await ownerContext.run(owner, start)
    expect(openIntervals(owner)).toMatchObject([
      {
        label: 'timers/promises every 5 ms',
        fix: expect.stringContaining('iterator.return()'),
        openSite: { file: here, line: lineOf('// open: first next()') },
      },
    ])
    await abandoned.return?.(undefined)
    await never.return?.(undefined)
    expect(openIntervals(owner)).toEqual([])

    await ownerContext.run(owner, async () => {
      let ticks = 0
      for await (const _ of intervalIterator(1)) if (++ticks === 3) break
    })
    const controller = new AbortController()
    const aborted = ownerContext.run(owner, () =>
      intervalIterator(1, undefined, { signal: controller.signal }),
    )
    await ownerContext.run(owner, () => aborted.next())
    expect(openIntervals(owner)).toHaveLength(1)
    controller.abort()
    await expect(aborted.next()).rejects.toThrow(/abort/i)
    expect(openIntervals(owner)).toEqual([])
  })

  test('setTimeout is not tracked', () => {
    const timer = ownerContext.run('test:interval-timeout', () => setTimeout(() => {}, 60_000))
    expect(handles.open('test:interval-timeout')).toEqual([])
    clearTimeout(timer)
  })

  test("an http server's own connection-check interval is not the test's", async () => {
    // In a fresh process, node:http loaded after the kind: here it was loaded before, and
    // bound the unwrapped `setInterval`, so an in-process check could not fail.
    const result = await runWithKind(
      'interval.js',
      'intervalKind',
      `const { createServer } = await import('node:http')
       const { once } = await import('node:events')
       const server = ownerContext.run('test:server', () => createServer().listen(0, '127.0.0.1'))
       await once(server, 'listening')
       // The control: the test's own interval, in the same process, is tracked.
       const id = ownerContext.run('test:server', () => setInterval(function poll() {}, 60_000))
       console.log(JSON.stringify(handles.open('test:server').map((record) => record.label)))
       clearInterval(id)
       server.close()`,
    )
    expect(result).toEqual({ code: 0, stdout: '["poll every 60000 ms"]\n', stderr: '' })
  })

  test('a cleared interval collected before its verdict is dropped, not reported collected-while-open', async () => {
    const gc = getForcedGc()
    const before = handles.size
    ownerContext.run('test:interval-gc', () => clearInterval(setInterval(() => {}, 60_000)))
    // The control: the same collection of a resource without `closedIfCollected` is reported.
    ownerContext.run('test:interval-gc-control', () => {
      handles.track({}, { kind: 'control', label: 'control', isOpen: () => true })
    })
    expect(handles.size).toBe(before + 2)
    const control: HandleRecord[] = []
    for (let i = 0; i < 10 && (control.length === 0 || handles.size > before); i++) {
      gc()
      await new Promise((done) => setTimeout(done, 20))
      control.push(...handles.drainCollected('test:interval-gc-control'))
    }
    expect(control.map((record) => record.label)).toEqual(['control'])
    // Both collected (no `open()` ran to release the cleared interval by its probe)…
    expect(handles.size).toBe(before)
    // …and only the control reported.
    expect(handles.drainCollected('test:interval-gc')).toEqual([])
  })
})
