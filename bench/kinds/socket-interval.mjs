// Per-call cost of the `socket` and `interval` kinds: the same calls with the two kinds
// installed (tracked, owned by a test) and not installed, alternated A B B A … in one
// process so machine noise hits both sides; CPU time of the process (user + system) by
// default, since the wall clock on a shared machine mostly measures waiting for a core.
// Rows: setInterval + clearInterval (wrapped), setTimeout + clearTimeout (not wrapped: what
// every other timer pays), a TCP connect to a local server + destroy (wrapped), and the
// kinds' install + uninstall.
// Usage: npm run build && node bench/kinds/socket-interval.mjs [--pairs 4] [--count 2000] [--clock cpu|wall]
import { once } from 'node:events'
import net from 'node:net'
import { parseArgs } from 'node:util'
import { ownerContext } from '../../dist/src/handles/index.js'
import { handleKinds, installKinds, uninstallKinds } from '../../dist/src/handles/kinds/index.js'
import { clockMicros } from '../lib/alternate.mjs'
import { installRow, timeTracked, trackedRow } from '../lib/tracked.mjs'

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '4' },
    count: { type: 'string', default: '2000' },
    clock: { type: 'string', default: 'cpu' },
  },
})
const now = clockMicros(values.clock)
const pairs = Number(values.pairs)
const count = Number(values.count)
const names = ['socket', 'interval']
ownerContext.enter('test:bench')

const install = () => installKinds(handleKinds, names, process.cwd())
async function timeRounds(label, calls, body) {
  const [on, off] = await timeTracked({
    pairs,
    now,
    install,
    uninstall: uninstallKinds,
    calls,
    body,
  })
  console.log(trackedRow(label, on, off))
}

const server = net.createServer((socket) => socket.on('error', () => {}))
server.listen(0, '127.0.0.1')
await once(server, 'listening')
const { port } = server.address()

console.log(
  `node ${process.version}, ${count} calls per round, ${pairs} ABBA pairs, per call, ${values.clock} clock`,
)
await timeRounds('setInterval + clearInterval', count, () => {
  for (let i = 0; i < count; i++) clearInterval(setInterval(() => {}, 1000))
})
await timeRounds('setTimeout + clearTimeout (not wrapped)', count, () => {
  for (let i = 0; i < count; i++) clearTimeout(setTimeout(() => {}, 1000))
})
const connects = Math.max(1, Math.floor(count / 10))
await timeRounds('net.connect, await connect, destroy', connects, async () => {
  for (let i = 0; i < connects; i++) {
    const socket = net.connect(port, '127.0.0.1')
    await once(socket, 'connect')
    socket.destroy()
    await once(socket, 'close')
  }
})
// Install and uninstall alone, per worker: the cost a test file that opens nothing pays.
console.log(await installRow(pairs * 2, now, install, uninstallKinds))
server.close()
