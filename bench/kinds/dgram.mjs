// Per-call cost of the `dgram` kind: a UDP socket created, bound to a local port, awaited
// until 'listening' and closed, with the kind installed (tracked, owned by a test) and not
// installed, alternated A B B A … in one process so machine noise hits both sides; CPU
// time of the process (user + system) by default. Then the kind's install + uninstall
// alone: all that a suite which opens no UDP socket pays (`node:dgram` is already loaded
// in every worker, by `node:child_process`, which leakguard imports anyway).
// Usage: npm run build && node bench/kinds/dgram.mjs [--pairs 4] [--count 500] [--clock cpu|wall]
import dgram from 'node:dgram'
import { once } from 'node:events'
import { parseArgs } from 'node:util'
import { ownerContext } from '../../dist/src/handles/index.js'
import { handleKinds, installKinds, uninstallKinds } from '../../dist/src/handles/kinds/index.js'
import { alternate, clockMicros } from '../lib/alternate.mjs'
import { median, span } from '../lib/table.mjs'
import { installRow, timeTracked, trackedRow } from '../lib/tracked.mjs'

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '4' },
    count: { type: 'string', default: '500' },
    clock: { type: 'string', default: 'cpu' },
  },
})
const now = clockMicros(values.clock)
const pairs = Number(values.pairs)
const count = Number(values.count)
const names = ['dgram']
ownerContext.enter('test:bench')

console.log(
  `node ${process.version}, ${count} sockets per round, ${pairs} ABBA pairs, per socket, ${values.clock} clock`,
)
const install = () => installKinds(handleKinds, names, process.cwd())
const [on, off] = await timeTracked({
  pairs,
  now,
  install,
  uninstall: uninstallKinds,
  calls: count,
  body: async () => {
    for (let i = 0; i < count; i++) {
      const socket = dgram.createSocket('udp4').bind(0, '127.0.0.1')
      await once(socket, 'listening')
      await new Promise((done) => socket.close(done))
    }
  },
})
console.log(trackedRow('createSocket + bind + close', on, off))
console.log(await installRow(pairs * 2, now, install, uninstallKinds))
// What adding the kind to the default list costs a worker: every Node kind installed with
// and without it, alternated (the library kinds install on import, not here).
{
  const node = handleKinds.filter((kind) => kind.imports === undefined).map((kind) => kind.name)
  const without = node.filter((name) => name !== 'dgram')
  const [withIt, withoutIt] = await alternate(pairs * 4, 2, async (side) => {
    const start = now()
    await installKinds(handleKinds, side === 0 ? node : without, process.cwd())
    await uninstallKinds()
    return now() - start
  })
  console.log(
    `${'install + uninstall, every Node kind'.padEnd(38)} with dgram ${median(withIt).toFixed(1)} µs (${span(withIt)})  without ${median(withoutIt).toFixed(1)} µs (${span(withoutIt)})`,
  )
}
