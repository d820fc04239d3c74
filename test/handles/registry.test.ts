import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { formatOpenSite, handles, ownerContext } from '../../src/handles/index.js'
import { getForcedGc } from '../../src/memory/force-gc.js'
import { lineOf as lineIn } from '../support/line-of.js'

const here = fileURLToPath(import.meta.url)
/** `line` (1-based) of the first line of this file containing `text`. */
const lineOf = (text: string): number => lineIn(here, text)

describe('handle registry', () => {
  test('records the open site as this file and line', () => {
    const resource = {}
    const record = handles.track(resource, { kind: 'dataset', label: '/tmp/a.zarr' })
    const expectedLine = lineOf("label: '/tmp/a.zarr'")
    expect(record?.openSite?.file).toMatch(/test\/handles\/registry\.test\.ts$/)
    expect(record?.openSite?.line).toBe(expectedLine)
    expect(formatOpenSite(record!.openSite!, process.cwd())).toBe(
      `test/handles/registry.test.ts:${expectedLine}:${record!.openSite!.column}`,
    )
    expect(handles.isOpen(resource)).toBe(true)
    expect(handles.release(resource)).toBe(true)
    expect(handles.release(resource)).toBe(false)
    expect(handles.isOpen(resource)).toBe(false)
  })

  test('owner follows async continuations: two overlapping owners', async () => {
    const a = {}
    const b = {}
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))
    await Promise.all([
      ownerContext.run('test:A', async () => {
        await wait(20)
        handles.track(a, { kind: 'dataset', label: 'a' })
      }),
      ownerContext.run('test:B', async () => {
        await wait(5)
        setTimeout(() => handles.track(b, { kind: 'dataset', label: 'b' }), 1)
        await wait(10)
      }),
    ])
    expect(handles.open('test:A').map((r) => r.label)).toEqual(['a'])
    expect(handles.open('test:B').map((r) => r.label)).toEqual(['b'])
    handles.release(a)
    handles.release(b)
    expect(handles.open('test:A')).toEqual([])
  })
})

describe('collected while open', () => {
  test('a tracked object garbage-collected without release is reported against its owner', async () => {
    const gc = getForcedGc()
    ownerContext.run('test:collector', () => {
      // Not kept anywhere: only the registry's weak references point at it.
      handles.track({ payload: new Float64Array(16) }, { kind: 'dataset', label: '/tmp/lost.zarr' })
    })
    expect(handles.open('test:collector')).toHaveLength(1)
    for (let i = 0; i < 10 && handles.open('test:collector').length > 0; i++) {
      gc()
      await new Promise((resolve) => setImmediate(resolve))
    }
    const collected = handles.drainCollected('test:collector')
    expect(collected.map((r) => [r.label, r.state])).toEqual([
      ['/tmp/lost.zarr', 'collected-while-open'],
    ])
    expect(handles.open('test:collector')).toEqual([])
    expect(handles.drainCollected('test:collector')).toEqual([])
  })

  test('tracking keeps nothing alive and a released object is never reported', async () => {
    const gc = getForcedGc()
    const ref = ownerContext.run('test:released', () => {
      const resource = {}
      handles.track(resource, { kind: 'dataset', label: 'closed' })
      handles.release(resource)
      return new WeakRef(resource)
    })
    const tick = () => new Promise((resolve) => setImmediate(resolve))
    // `deref()` keeps its target alive to the end of the job: read it in a job of its own,
    // never in the one that collects.
    let collected = false
    for (let i = 0; i < 10 && !collected; i++) {
      gc()
      await tick()
      collected = ref.deref() === undefined
      await tick()
    }
    // Collected: neither the record nor its unformatted stack held it.
    expect(collected).toBe(true)
    expect(handles.drainCollected('test:released')).toEqual([])
  })
})

describe('the open stack: captured at open, formatted only when read', () => {
  test('tracking does not format the stack; reading the open site does, once', () => {
    const previous = Error.prepareStackTrace
    let formatted = 0
    Error.prepareStackTrace = (error, frames) => {
      formatted++
      return previous
        ? previous(error, frames)
        : `${error}\n${frames.map((f) => `    at ${f}`).join('\n')}`
    }
    try {
      const resource = {}
      const record = handles.track(resource, { kind: 'dataset', label: 'lazy' }) // lazy site
      expect(formatted).toBe(0)
      expect(record?.openSite?.line).toBe(lineOf('// lazy site'))
      expect(record?.stack).toContain('registry.test.ts')
      expect(formatted).toBe(1)
      // The same record through `open()`, and its JSON form, carry the site too.
      expect(handles.open().find((r) => r.id === record?.id)?.openSite).toEqual(record?.openSite)
      expect(JSON.parse(JSON.stringify(record)).openSite).toEqual(record?.openSite)
      handles.release(resource)
    } finally {
      Error.prepareStackTrace = previous
    }
  })

  // What an unformatted capture holds: each frame's receiver, and its function's closure.
  class SelfTracking {
    readonly payload = new Float64Array(1024)
    constructor(eagerStack: boolean) {
      handles.track(this, { kind: 'dataset', label: 'self', eagerStack })
    }
  }

  async function collectedAfterDrop(owner: string, open: () => void): Promise<string[]> {
    const gc = getForcedGc()
    ownerContext.run(owner, open)
    for (let i = 0; i < 10 && handles.open(owner).length > 0; i++) {
      gc()
      await new Promise((resolve) => setImmediate(resolve))
    }
    const collected = handles.drainCollected(owner)
    for (const record of handles.open(owner)) handles.forget(record.id)
    return collected.map((record) => `${record.label} ${record.state} ${record.openSite?.line}`)
  }

  test('a resource tracked from a function that holds it nowhere is still collected', async () => {
    // As the file kind tracks a FileHandle: from a frame whose receiver is not the handle.
    const found = await collectedAfterDrop('test:lazy-drop', () => {
      handles.track({ payload: new Float64Array(16) }, { kind: 'file', label: 'dropped' }) // drop
    })
    expect(found).toEqual([`dropped collected-while-open ${lineOf('// drop')}`])
  })

  test('tracked as `this`, the resource is held by a lazy capture, and let go by eagerStack', async () => {
    // The experiment behind `eagerStack` (set by datasets, servers, children and workers).
    expect(await collectedAfterDrop('test:self-lazy', () => new SelfTracking(false))).toEqual([])
    const eager = await collectedAfterDrop('test:self-eager', () => new SelfTracking(true))
    expect(eager).toHaveLength(1)
    expect(eager[0]).toMatch(/^self collected-while-open \d+$/)
  })
})

/** A dataset holding `length` doubles, tracked with the `heldBytes` that reads them. */
function trackSized(label: string, length: number) {
  const resource = { cache: new Float64Array(length) }
  const record = handles.track(resource, {
    kind: 'dataset',
    label,
    heldBytes: (r: { cache: Float64Array }) => r.cache.byteLength,
  })
  if (!record) throw new Error(`${label} was not tracked`)
  return { resource, record }
}

describe('held bytes', () => {
  test('a handle reports what it holds only while open, without being kept alive', () => {
    const { resource, record } = trackSized('sized', 1024)
    expect(handles.heldBytes(record.id)).toBe(8192)
    handles.release(resource)
    expect(handles.heldBytes(record.id)).toBeUndefined()
  })
})

describe('ids', () => {
  test('forget and heldBytes take a record id exactly: another spelling of its number is no id', () => {
    const { resource, record } = trackSized('by id', 16)
    const key = Number(record.id.slice(1))
    for (const alias of [`h${key}.0`, `h0x${key.toString(16)}`, ` ${record.id}`, `x${key}`]) {
      handles.forget(alias)
      expect(handles.heldBytes(alias)).toBeUndefined()
    }
    expect(handles.idOf(resource)).toBe(record.id)
    expect(handles.heldBytes(record.id)).toBe(128)
    handles.forget(record.id)
    expect([handles.isOpen(resource), handles.heldBytes(record.id)]).toEqual([false, undefined])
    // Forgotten, not released: releasing it now finds nothing open.
    expect(handles.release(resource)).toBe(false)
  })
})

describe('opens in flight', () => {
  test('an open is pending for the owner that began it until done, once', () => {
    const pending = ownerContext.run('test:opener', () => handles.opening())
    expect(handles.pendingOpens('test:opener')).toBe(1)
    expect(pending.owner).toBe('test:opener')
    pending.done()
    pending.done()
    expect(handles.pendingOpens('test:opener')).toBe(0)
    expect(handles.pendingOpens()).toBe(0)
  })

  test('a resource finished later is owned by, and sited at, the open that began it', async () => {
    const pending = ownerContext.run('test:began', () => handles.opening()) // began here
    const resource = {}
    // Finished under another owner, from a callback with no user frame: as when nothing
    // awaited the open.
    const finish = handles.track.bind(handles, resource, {
      kind: 'dataset',
      label: 'late',
      pending,
    })
    await ownerContext.run(
      'test:later',
      () =>
        new Promise<void>((resolve) => {
          setImmediate(finish)
          setImmediate(resolve)
        }),
    )
    pending.done()
    const [record] = handles.open('test:began')
    expect(record?.label).toBe('late')
    expect(record?.openSite?.line).toBe(lineOf('// began here'))
    handles.release(resource)
  })
})
