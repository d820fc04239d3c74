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
import { clockMicros, under } from '../lib/alternate.mjs'
import { stubPromisesOpen } from '../lib/no-io-open.mjs'
import { median, signed, span } from '../lib/table.mjs'
import { timeTracked } from '../lib/tracked.mjs'

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

async function timeRounds(label, body) {
  const [on, off] = await timeTracked({
    pairs,
    now,
    install: () => installKinds(handleKinds, handleKindNames, dir),
    uninstall: uninstallKinds,
    calls: count,
    body: () => under(depth, body),
  })
  const mOn = median(on)
  const mOff = median(off)
  console.log(
    `${label.padEnd(36)} tracked ${mOn.toFixed(2).padStart(7)} µs (${span(on)})  untracked ${mOff
      .toFixed(2)
      .padStart(
        7,
      )} µs (${span(off)})  ratio ${(mOn / mOff).toFixed(2)}×  ${signed(mOn - mOff)} µs/open`,
  )
}

console.log(
  `node ${process.version}, ${count} opens per round, ${pairs} ABBA pairs, per open, ${values.clock} clock, ${depth} async frames`,
)
const restoreOpen = stubPromisesOpen()
await timeRounds('fs.promises.open + close, no I/O', async () => {
  for (let i = 0; i < count; i++) await (await fs.promises.open(file)).close()
})
restoreOpen()
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
