// Per-open cost of the built-in handle kinds: the same opens and closes with the kinds
// installed (tracked) and not installed (untracked), alternated A B B A … in one process so
// machine noise hits both sides. Prints median and min–max per side, and the ratio.
// `--clock cpu` times the process's CPU (user + system, every thread) instead of the wall
// clock: on a shared machine the wall clock mostly measures waiting for a core.
// The first row is the wrappers' own CPU, without the disk: `fs.promises.open` replaced by
// an async open that does no I/O and returns a FileHandle-like EventEmitter (its `fd`, its
// `close()` emitting 'close'), so the thread pool and the page cache, which make the real
// rows' spans wide on a shared machine, are out of it. Every row runs under `--depth` async
// frames (default 8), about a vitest test's `at async` chain, since a capture's cost grows
// with its frames.
// Usage: npm run build && node bench/kinds/run.mjs [--pairs 6] [--count 2000] [--clock wall|cpu] [--depth 8]
import { EventEmitter } from 'node:events'
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { ownerContext } from '../../dist/src/handles/index.js'
import {
  handleKindNames,
  handleKinds,
  installKinds,
  uninstallKinds,
} from '../../dist/src/handles/kinds/index.js'
import { alternate, clockMicros } from '../lib/alternate.mjs'
import { median, span } from '../lib/table.mjs'

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '6' },
    count: { type: 'string', default: '2000' },
    clock: { type: 'string', default: 'wall' },
    depth: { type: 'string', default: '8' },
  },
})
/** Microseconds on the chosen clock. */
const now = clockMicros(values.clock)
const pairs = Number(values.pairs)
const count = Number(values.count)
const depth = Number(values.depth)
const dir = await mkdtemp(join(tmpdir(), 'leakguard-kinds-bench-'))
const file = join(dir, 'small.txt')
fs.writeFileSync(file, 'x'.repeat(512))
// Opens are owned by a test, as in a real run.
ownerContext.enter('test:bench')

/** Runs `body` below `levels` awaiting async frames, as a test below vitest's runner. */
async function under(levels, body) {
  if (levels === 0) return body()
  return await under(levels - 1, body)
}

async function timeRounds(label, body) {
  const [on, off] = await alternate(pairs, 2, async (side) => {
    const tracked = side === 0
    if (tracked) await installKinds(handleKinds, handleKindNames, dir)
    const start = now()
    await under(depth, body)
    const us = (now() - start) / count
    if (tracked) await uninstallKinds()
    return us
  })
  const mOn = median(on)
  const mOff = median(off)
  console.log(
    `${label.padEnd(36)} tracked ${mOn.toFixed(2).padStart(7)} µs (${span(on)})  untracked ${mOff
      .toFixed(2)
      .padStart(
        7,
      )} µs (${span(off)})  ratio ${(mOn / mOff).toFixed(2)}×  +${(mOn - mOff).toFixed(2)} µs/open`,
  )
}

console.log(
  `node ${process.version}, ${count} opens per round, ${pairs} ABBA pairs, per open, ${values.clock} clock, ${depth} async frames`,
)
/** A FileHandle's shape as the `file` kind sees it, with no descriptor behind it. */
class NoIoHandle extends EventEmitter {
  fd = 1000
  async close() {
    if (this.fd === -1) return
    this.fd = -1
    this.emit('close')
  }
  // As Node's FileHandle: serializes itself under this symbol when transferred, which the
  // `file` kind watches instead of asking each handle's `fd` (see src/handles/kinds/file.ts).
  [Symbol('messaging_transfer_symbol')]() {
    this.fd = -1
  }
}
const realOpen = fs.promises.open
fs.promises.open = async function open(_path, _flags) {
  return new NoIoHandle()
}
await timeRounds('fs.promises.open + close, no I/O', async () => {
  for (let i = 0; i < count; i++) await (await fs.promises.open(file)).close()
})
fs.promises.open = realOpen
await timeRounds('fs.openSync + closeSync', () => {
  for (let i = 0; i < count; i++) fs.closeSync(fs.openSync(file, 'r'))
})
await timeRounds('fs.promises.open + close', async () => {
  for (let i = 0; i < count; i++) await (await fs.promises.open(file)).close()
})
await timeRounds('createReadStream, read to end', async () => {
  for (let i = 0; i < count; i++) {
    for await (const _chunk of fs.createReadStream(file)) {
      // consume
    }
  }
})
await timeRounds('fs.promises.readFile (not tracked)', async () => {
  for (let i = 0; i < count; i++) await fs.promises.readFile(file)
})
await timeRounds('a test that opens nothing (no-op)', async () => {
  for (let i = 0; i < count; i++) await Promise.resolve()
})
await rm(dir, { recursive: true, force: true })
