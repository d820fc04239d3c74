// The open path of two builds side by side in one process: this checkout's `dist/` and an
// earlier build (`--before`, a copy of another commit's `dist/`, e.g. made with
// `git stash && npm run build && cp -r dist tmp/dist-before && git stash pop && npm run build`).
// Their registries live in separate global slots when their state's version differs, so
// each side measures its own. Sides alternate A B B A … per round; the clock is the
// process's CPU (user + system). Rows: the registry's bookkeeping without a capture
// (sixteen resources tracked, then released), with an `isOpen` probe, with a capture, and
// the `file` kind's whole wrapper around an `fs.promises.open` that does no I/O.
// Usage: npm run build && node bench/open-path/compare.mjs --before tmp/dist-before [--pairs 10] [--count 16000]
import fs from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { alternate, clockMicros, under } from '../lib/alternate.mjs'
import { stubPromisesOpen } from '../lib/no-io-open.mjs'
import { median, span } from '../lib/table.mjs'

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    pairs: { type: 'string', default: '10' },
    count: { type: 'string', default: '16000' },
    depth: { type: 'string', default: '8' },
  },
})
if (values.before === undefined) throw new Error('--before <a dist directory> is required')
const pairs = Number(values.pairs)
const count = Number(values.count)
const depth = Number(values.depth)
const now = clockMicros('cpu')

async function load(dist) {
  const base = pathToFileURL(`${resolve(dist)}/src/handles/`).href
  const index = await import(`${base}index.js`)
  const kinds = await import(`${base}kinds/index.js`)
  const file = await import(`${base}kinds/file.js`)
  index.ownerContext.enter('test:bench')
  return { ...index, ...kinds, fileKind: file.fileKind }
}
const builds = [await load(values.before), await load('dist')]

/** Times `body(build)` on both builds, µs per iteration, and prints its row. */
async function row(label, body) {
  const [before, after] = await alternate(pairs, 2, async (side) => {
    const start = now()
    await under(depth, () => body(builds[side]))
    return (now() - start) / count
  })
  printRow(label, before, after)
}

/** Prints one row: each build's median µs and min–max, and after minus before. */
function printRow(label, before, after) {
  const mBefore = median(before)
  const mAfter = median(after)
  console.log(
    `${label.padEnd(40)} before ${mBefore.toFixed(2).padStart(6)} µs (${span(before)})  after ${mAfter
      .toFixed(2)
      .padStart(6)} µs (${span(after)})  ${(mAfter - mBefore).toFixed(2)} µs`,
  )
}

console.log(
  `node ${process.version}, ${count} per round, ${pairs} ABBA pairs, cpu clock, ${depth} async frames`,
)
const begun = { owner: 'test:bench', stack: 'Error\n    at bench (/bench.ts:1:1)', done() {} }
const pool = Array.from({ length: 16 }, () => ({}))
const alwaysOpen = () => true
const sized = () => 1
for (const [label, extra] of [
  ['track + release, no capture', {}],
  ['… with an isOpen probe', { isOpen: alwaysOpen }],
  ['… with isOpen and heldBytes', { isOpen: alwaysOpen, heldBytes: sized }],
]) {
  await row(label, ({ handles }) => {
    const options = {
      kind: 'x',
      label: 'a',
      fix: 'f',
      pending: begun,
      stackFromPending: true,
      ...extra,
    }
    for (let i = 0; i < count; i += 16) {
      for (const o of pool) handles.track(o, options)
      for (const o of pool) handles.release(o)
    }
  })
}
await row('track + release, 12-frame capture', ({ handles }) => {
  const options = { kind: 'x', label: 'a', fix: 'f', openedBy: row }
  for (let i = 0; i < count; i += 16) {
    for (const o of pool) handles.track(o, options)
    for (const o of pool) handles.release(o)
  }
})

const restoreOpen = stubPromisesOpen()
const path = resolve('tmp/io/small.txt')
// Each side installs its own build's `file` kind, outside the timed span.
const [before, after] = await alternate(pairs, 2, async (side) => {
  const build = builds[side]
  await build.installKinds([build.fileKind], ['file'], process.cwd())
  const start = now()
  await under(depth, async () => {
    for (let i = 0; i < count; i++) await (await fs.promises.open(path, 'r')).close()
  })
  const us = (now() - start) / count
  await build.uninstallKinds()
  return us
})
restoreOpen()
printRow('file kind: open + close, no I/O', before, after)
