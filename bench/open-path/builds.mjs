// The `file` kind's whole open path, per FileHandle open + close, in two builds and with no
// kinds installed, each measurement in a fresh process, alternated (before, after,
// untracked, then reversed, …) so drift and load hit every side alike. The open does no
// I/O: `fs.promises.open` returns a FileHandle-like emitter (its `fd`, a `close()` emitting
// 'close'), so the figure is the wrapper's CPU (capture, record, bookkeeping, and the GC of
// them) without the thread pool. In-process timings of two builds side by side
// (compare.mjs) showed a side bias of ~2 µs on this row; separate processes have none.
// Usage: npm run build && node bench/open-path/builds.mjs --before tmp/dist-before [--rounds 8] [--count 20000]
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { alternate, under } from '../lib/alternate.mjs'
import { stubPromisesOpen } from '../lib/no-io-open.mjs'
import { median, span } from '../lib/table.mjs'

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    dist: { type: 'string' },
    rounds: { type: 'string', default: '8' },
    count: { type: 'string', default: '20000' },
    depth: { type: 'string', default: '8' },
  },
})
const count = Number(values.count)

if (values.dist !== undefined) {
  // One measurement: this child's CPU per open. `--dist none` installs no kind.
  stubPromisesOpen()
  if (values.dist !== 'none') {
    const base = pathToFileURL(`${resolve(values.dist)}/src/handles/`).href
    const { ownerContext } = await import(`${base}index.js`)
    const { installKinds } = await import(`${base}kinds/index.js`)
    const { fileKind } = await import(`${base}kinds/file.js`)
    ownerContext.enter('test:bench')
    await installKinds([fileKind], ['file'], process.cwd())
  }
  const path = resolve('tmp/bench-open-path.bin')
  const start = process.cpuUsage()
  await under(Number(values.depth), async () => {
    for (let i = 0; i < count; i++) await (await fs.promises.open(path, 'r')).close()
  })
  const { user, system } = process.cpuUsage(start)
  console.log(String((user + system) / count))
} else {
  if (values.before === undefined) throw new Error('--before <a dist directory> is required')
  const self = fileURLToPath(import.meta.url)
  const sides = [
    ['before', values.before],
    ['after', 'dist'],
    ['untracked', 'none'],
  ]
  const samples = await alternate(Number(values.rounds), sides.length, (side) => {
    const args = [self, '--dist', sides[side][1], '--count', String(count), '--depth', values.depth]
    return Number(execFileSync(process.execPath, args).toString())
  })
  console.log(
    `node ${process.version}, ${count} FileHandle opens + closes (no I/O) per process, ${values.rounds} rounds, CPU µs per open`,
  )
  for (const [side, [name]] of sides.entries()) {
    const list = samples[side]
    console.log(`${name.padEnd(10)} ${median(list).toFixed(2).padStart(6)} µs (${span(list)})`)
  }
}
