// Per-open cost of the built-in handle kinds: the same opens and closes with the kinds
// installed (tracked) and not installed (untracked), alternated A B B A … in one process so
// machine noise hits both sides. Prints median and min–max per side, and the ratio.
// `--clock cpu` times the process's CPU (user + system, every thread) instead of the wall
// clock: on a shared machine the wall clock mostly measures waiting for a core.
// Usage: npm run build && node bench/kinds/run.mjs [--pairs 6] [--count 2000] [--clock wall|cpu]
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

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '6' },
    count: { type: 'string', default: '2000' },
    clock: { type: 'string', default: 'wall' },
  },
})
if (values.clock !== 'wall' && values.clock !== 'cpu') {
  throw new Error(`--clock must be wall or cpu, not ${values.clock}`)
}
/** Microseconds on the chosen clock. */
const now =
  values.clock === 'cpu'
    ? () => {
        const { user, system } = process.cpuUsage()
        return user + system
      }
    : () => Number(process.hrtime.bigint()) / 1e3
const pairs = Number(values.pairs)
const count = Number(values.count)
const dir = await mkdtemp(join(tmpdir(), 'leakguard-kinds-bench-'))
const file = join(dir, 'small.txt')
fs.writeFileSync(file, 'x'.repeat(512))
// Opens are owned by a test, as in a real run.
ownerContext.enter('test:bench')

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const span = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`

async function timeRounds(label, body) {
  const on = []
  const off = []
  for (let i = 0; i < pairs * 2; i++) {
    const tracked = i % 4 === 0 || i % 4 === 3
    if (tracked) await installKinds(handleKinds, handleKindNames, dir)
    const start = now()
    await body()
    const us = (now() - start) / count
    if (tracked) await uninstallKinds()
    ;(tracked ? on : off).push(us)
  }
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
  `node ${process.version}, ${count} opens per round, ${pairs} ABBA pairs, per open, ${values.clock} clock`,
)
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
