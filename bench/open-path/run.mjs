// What each piece of a tracked open costs, in isolation: every row runs `count` iterations
// of one piece of `handles.track` + `release` (or of a kind wrapper around it) against the
// same loop without it, alternated A B B A … in one process on the process's CPU clock
// (user + system: load on a shared machine distorts it far less than the wall clock). Rows
// run below `--depth` async frames, about a vitest test's `at async` chain, since a stack
// capture's cost grows with its frames. The last rows are the whole open path: the
// registry's `track` + `release` directly, and the `file` kind's wrapper around an
// `fs.promises.open` that does no I/O (a FileHandle-like EventEmitter), tracked vs not.
// Usage: npm run build && node bench/open-path/run.mjs [--pairs 6] [--count 10000] [--depth 8]
import { AsyncLocalStorage } from 'node:async_hooks'
import { EventEmitter } from 'node:events'
import fs from 'node:fs'
import { parseArgs } from 'node:util'
import { handles, ownerContext } from '../../dist/src/handles/index.js'
import { fileKind } from '../../dist/src/handles/kinds/file.js'
import { installKinds, uninstallKinds } from '../../dist/src/handles/kinds/index.js'
import { pathLabel } from '../../dist/src/handles/kinds/label.js'
import { captureStackLazily } from '../../dist/src/handles/open-site.js'
import { alternate, clockMicros, under } from '../lib/alternate.mjs'
import { stubPromisesOpen } from '../lib/no-io-open.mjs'
import { median, signed, span } from '../lib/table.mjs'
import { timeTracked } from '../lib/tracked.mjs'

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '6' },
    count: { type: 'string', default: '10000' },
    depth: { type: 'string', default: '8' },
  },
})
const pairs = Number(values.pairs)
const count = Number(values.count)
const depth = Number(values.depth)
const now = clockMicros('cpu')
ownerContext.enter('test:bench')

/** Times `withPiece` against `without` (each runs `count` iterations), µs per iteration. */
async function row(label, withPiece, without = () => {}) {
  const [on, off] = await alternate(pairs, 2, async (side) => {
    const body = side === 0 ? withPiece : without
    const start = now()
    await under(depth, body)
    return (now() - start) / count
  })
  const mOn = median(on)
  const mOff = median(off)
  console.log(
    `${label.padEnd(44)} ${mOn.toFixed(2).padStart(6)} µs (${span(on)})  without ${mOff
      .toFixed(2)
      .padStart(6)} µs (${span(off)})  ${signed(mOn - mOff)} µs`,
  )
}

console.log(
  `node ${process.version}, ${count} per round, ${pairs} ABBA pairs, cpu clock, ${depth} async frames`,
)
const objects = () => Array.from({ length: count }, () => ({}))

await row(
  'Object.defineProperty (symbol, 1 per object)',
  () => {
    const key = Symbol.for('bench.key')
    for (const o of objects()) Object.defineProperty(o, key, { value: 1 })
  },
  () => {
    for (const _o of objects()) {
      // allocation only
    }
  },
)
let n = 0
await row(
  'string id + Map<string> set/delete + WeakMap',
  () => {
    const map = new Map()
    const weak = new WeakMap()
    for (const o of objects()) {
      const id = `h${n++}`
      map.set(id, o)
      weak.set(o, id)
    }
    for (const o of objects()) {
      const id = weak.get(o)
      weak.delete(o)
      map.delete(id)
    }
  },
  () => {
    objects()
    objects()
  },
)
await row(
  'numeric Map set/delete only',
  () => {
    const map = new Map()
    const os = objects()
    for (let i = 0; i < os.length; i++) map.set(i, os[i])
    for (let i = 0; i < os.length; i++) map.delete(i)
    objects()
  },
  () => {
    objects()
    objects()
  },
)
await row(
  'FinalizationRegistry register + unregister',
  () => {
    const registry = new FinalizationRegistry(() => {})
    const os = objects()
    for (const o of os) registry.register(o, 1, o)
    for (const o of os) registry.unregister(o)
  },
  () => {
    objects()
  },
)
await row(
  'WeakRef + Map entry (probe) set/delete',
  () => {
    const map = new Map()
    const os = objects()
    for (let i = 0; i < os.length; i++) map.set(i, { ref: new WeakRef(os[i]), isOpen: row })
    for (let i = 0; i < os.length; i++) map.delete(i)
  },
  () => {
    objects()
  },
)
await row(
  'Date.now()',
  () => {
    let t = 0
    for (let i = 0; i < count; i++) t += Date.now()
    return t
  },
  () => {
    let t = 0
    for (let i = 0; i < count; i++) t += i
    return t
  },
)
await row('ownerContext.current() (no store)', () => {
  for (let i = 0; i < count; i++) ownerContext.current()
})
const als = new AsyncLocalStorage()
await row(
  'AsyncLocalStorage getStore (in run)',
  () =>
    als.run('x', () => {
      for (let i = 0; i < count; i++) als.getStore()
    }),
  () => als.run('x', () => {}),
)
await row('handles.opening() + done()', () => {
  for (let i = 0; i < count; i++) handles.opening(row).done()
})
const root = process.cwd()
const paths = Array.from({ length: 50 }, (_, i) => `${root}/tmp/io/data/file-${i}.bin`)
await row('pathLabel (absolute, inside root)', () => {
  for (let i = 0; i < count; i++) pathLabel(paths[i % 50], root)
})
await row('captureStackLazily, 12 frames', () => {
  for (let i = 0; i < count; i++) captureStackLazily(row, 12)
})
await row(
  'EventEmitter .on("close") per object',
  () => {
    function listener() {}
    for (let i = 0; i < count; i++) new EventEmitter().on('close', listener)
  },
  () => {
    for (let i = 0; i < count; i++) new EventEmitter()
  },
)
const alwaysOpen = () => true
await row(
  'handles.track + release (label, fix)',
  () => {
    const os = objects()
    // Released in a second pass, as a test's opens are closed after it opened them.
    for (const o of os) handles.track(o, { kind: 'x', label: 'a', fix: 'f', openedBy: row })
    for (const o of os) handles.release(o)
  },
  () => {
    objects()
  },
)
await row(
  'handles.track + release, isOpen probe',
  () => {
    const os = objects()
    for (const o of os) {
      handles.track(o, { kind: 'x', label: 'a', fix: 'f', isOpen: alwaysOpen, openedBy: row })
    }
    for (const o of os) handles.release(o)
  },
  () => {
    objects()
  },
)
// The registry's own bookkeeping, no capture: the open's stack comes from a `PendingOpen`
// made once (formatted already), as `stackFromPending` takes it. Sixteen resources at a
// time, tracked and then released, as a test's opens are: few are open at once, so this
// times the open path rather than the collector's work on thousands of live records.
const begun = { owner: 'test:bench', stack: 'Error\n    at bench (/bench.ts:1:1)', done() {} }
const pool = Array.from({ length: 16 }, () => ({}))
for (const isOpen of [undefined, alwaysOpen]) {
  await row(`track + release, no capture${isOpen ? ', isOpen probe' : ''}`, () => {
    for (let i = 0; i < count; i += 16) {
      for (const o of pool) {
        handles.track(o, {
          kind: 'x',
          label: 'a',
          fix: 'f',
          isOpen,
          pending: begun,
          stackFromPending: true,
        })
      }
      for (const o of pool) handles.release(o)
    }
  })
}

const restoreOpen = stubPromisesOpen()
const file = paths[0]
const [on, off] = await timeTracked({
  pairs,
  now,
  install: () => installKinds([fileKind], ['file'], root),
  uninstall: uninstallKinds,
  calls: count,
  body: () =>
    under(depth, async () => {
      for (let i = 0; i < count; i++) await (await fs.promises.open(file, 'r')).close()
    }),
})
restoreOpen()
console.log(
  `${'file kind: open + close, no I/O'.padEnd(44)} ${median(on).toFixed(2).padStart(6)} µs (${span(on)})  untracked ${median(off).toFixed(2).padStart(6)} µs (${span(off)})  ${signed(median(on) - median(off))} µs`,
)
