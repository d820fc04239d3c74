import { createSocket, type Socket } from 'node:dgram'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type HandleRecord, handles, ownerContext } from '../../../src/handles/index.js'
import { dgramKind, udpIsOpen, udpLabel } from '../../../src/handles/kinds/dgram.js'
import { lineOf as lineIn } from '../../support/line-of.js'
import { contextFor, openOfKind, repoRoot } from './root-import.js'

const here = fileURLToPath(import.meta.url)
let uninstall: () => void

const lineOf = (text: string): number => lineIn(here, text)

const openUdp = (owner: string): HandleRecord[] => openOfKind('dgram', owner)

beforeAll(async () => {
  uninstall = await dgramKind.install(contextFor(repoRoot))
})
afterAll(() => uninstall())

/** Closes `socket` and waits for its 'close'. */
const closed = (socket: Socket) => new Promise<void>((done) => socket.close(done))

describe('udpLabel', () => {
  test('udp4 address:port, IPv6 in brackets', () => {
    expect(udpLabel({ address: '127.0.0.1', family: 'IPv4', port: 41234 })).toBe(
      'udp4 127.0.0.1:41234',
    )
    expect(udpLabel({ address: '::1', family: 'IPv6', port: 53 })).toBe('udp6 [::1]:53')
  })
})

describe('dgram kind', () => {
  test('bind() is tracked at listening with its bound port, owner, Fix and the line; close() closes it', async () => {
    const owner = 'test:dgram-bind'
    const socket = ownerContext.run(owner, () => createSocket('udp4').bind(0, '127.0.0.1')) // open: bind
    // Under way until 'listening': a verdict now would wait for it.
    expect(handles.pendingOpens(owner)).toBe(1)
    expect(openUdp(owner)).toEqual([])
    await once(socket, 'listening')
    expect(handles.pendingOpens(owner)).toBe(0)
    expect(openUdp(owner)).toMatchObject([
      {
        kind: 'dgram',
        label: `udp4 127.0.0.1:${socket.address().port}`,
        owner,
        fix: 'close it with `socket.close()` in the test or its `afterEach`.',
        openSite: { file: here, line: lineOf('// open: bind') },
      },
    ])
    // Judged from its state at once (no 'close' yet); dropped from the registry at 'close'.
    socket.close()
    expect(udpIsOpen(socket)).toBe(false)
    expect(openUdp(owner)).toEqual([])
    await once(socket, 'close')
    expect(handles.idOf(socket)).toBeUndefined()
  })

  test('send() and connect() bind implicitly: blamed on the caller’s line, past Node’s frames', async () => {
    const owner = 'test:dgram-implicit'
    const sent = createSocket('udp6')
    await ownerContext.run(
      owner,
      () => new Promise((done) => sent.send('ping', 9, '::1', done)), // open: send
    )
    const connected = createSocket('udp4')
    ownerContext.run(owner, () => connected.connect(9, '127.0.0.1')) // open: connect
    await once(connected, 'connect')
    const records = openUdp(owner)
    expect(records.map((record) => [record.label, record.openSite?.line])).toEqual([
      [`udp6 [::]:${sent.address().port}`, lineOf('// open: send')],
      [`udp4 0.0.0.0:${connected.address().port}`, lineOf('// open: connect')],
    ])
    await Promise.all([closed(sent), closed(connected)])
    expect(openUdp(owner)).toEqual([])
  })

  test('never bound, or closed before its bind completed: nothing tracked, nothing waited for', async () => {
    const owner = 'test:dgram-unbound'
    const unbound = ownerContext.run(owner, () => createSocket('udp4'))
    const early = ownerContext.run(owner, () => createSocket('udp4').bind(0, '127.0.0.1'))
    early.close()
    await once(early, 'close')
    expect(handles.pendingOpens(owner)).toBe(0)
    expect(openUdp(owner)).toEqual([])
    unbound.close()
  })

  test('a failed bind is not tracked, and its error still reaches the user’s handler', async () => {
    const owner = 'test:dgram-failed'
    const first = createSocket('udp4').bind(0, '127.0.0.1')
    await once(first, 'listening')
    const taken = first.address().port
    const second = ownerContext.run(owner, () => createSocket('udp4'))
    const failed = once(second, 'error')
    ownerContext.run(owner, () => second.bind(taken, '127.0.0.1'))
    const [error] = (await failed) as [NodeJS.ErrnoException]
    expect(error.code).toBe('EADDRINUSE')
    expect(handles.pendingOpens(owner)).toBe(0)
    expect(openUdp(owner)).toEqual([])
    second.close()
    await closed(first)
  })
})
