import { once } from 'node:events'
import { createServer as createHttpServer, get, type Server } from 'node:http'
import { createConnection, createServer, type Socket } from 'node:net'
import { join } from 'node:path'
import { connect as tlsConnect } from 'node:tls'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { type HandleRecord, handles, ownerContext } from '../../../src/handles/index.js'
import { connectLabel, socketKind } from '../../../src/handles/kinds/socket.js'
import { lineOf as lineIn } from '../../support/line-of.js'
import { contextFor, openOfKind, repoRoot } from './root-import.js'

const here = fileURLToPath(import.meta.url)
let uninstall: () => void
let server: Server
let port = 0
/** Sockets the server accepted: the server's, never tracked. */
const accepted: Socket[] = []

/** `line` (1-based) of the first line of this file containing `text`. */
const lineOf = (text: string): number => lineIn(here, text)

const openSockets = (owner: string): HandleRecord[] => openOfKind('socket', owner)

beforeAll(async () => {
  uninstall = await socketKind.install(contextFor(repoRoot))
  server = createHttpServer((_request, response) => response.end('ok'))
  server.on('connection', (socket) => accepted.push(socket))
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  port = (server.address() as { port: number }).port
})

afterAll(() => {
  server.close()
  for (const socket of accepted) socket.destroy()
  uninstall()
})

describe('connectLabel', () => {
  test('host:port or the path, from every form of connect() arguments', () => {
    expect(connectLabel([8080, '127.0.0.1'], repoRoot)).toBe('127.0.0.1:8080')
    expect(connectLabel(['8080'], repoRoot)).toBe('localhost:8080')
    expect(connectLabel([{ port: 443, host: 'example.org' }], repoRoot)).toBe('example.org:443')
    expect(connectLabel([{ port: 5432, host: '::1' }], repoRoot)).toBe('[::1]:5432')
    // net.connect's normalized pair.
    expect(connectLabel([[{ port: 6379 }, null]], repoRoot)).toBe('localhost:6379')
    expect(connectLabel([{ path: join(repoRoot, 'tmp/db.sock') }], repoRoot)).toBe('tmp/db.sock')
    expect(connectLabel(['/run/app.sock'], repoRoot)).toBe('/run/app.sock')
  })
})

describe('socket kind', () => {
  test('net.createConnection is tracked with host:port, owner, Fix and the line; destroy() closes it', async () => {
    const open = () => createConnection(port, '127.0.0.1') // open: createConnection
    const socket = ownerContext.run('test:socket-open', open)
    await once(socket, 'connect')
    expect(openSockets('test:socket-open')).toMatchObject([
      {
        kind: 'socket',
        label: `127.0.0.1:${port}`,
        owner: 'test:socket-open',
        fix: expect.stringContaining('socket.destroy()'),
        openSite: { file: here, line: lineOf('// open: createConnection') },
      },
    ])
    // Judged from its state at once; dropped from the registry at 'close', with no verdict.
    socket.destroy()
    expect(handles.idOf(socket)).toBeDefined()
    await once(socket, 'close')
    expect(handles.idOf(socket)).toBeUndefined()
  })

  test('end() sent, or unref()ed: closing, or the pool’s', async () => {
    const owner = 'test:socket-state'
    const ended = ownerContext.run(owner, () => createConnection(port, '127.0.0.1'))
    const unrefed = ownerContext.run(owner, () => createConnection(port, '127.0.0.1'))
    await Promise.all([once(ended, 'connect'), once(unrefed, 'connect')])
    expect(openSockets(owner)).toHaveLength(2)
    ended.end()
    unrefed.unref()
    expect(openSockets(owner)).toEqual([])
    unrefed.destroy()
  })

  test("http's keep-alive agent and fetch leave pooled idle sockets that are not leaks", async () => {
    const owner = 'test:socket-pool'
    await ownerContext.run(owner, async () => {
      await new Promise((done) =>
        get(`http://127.0.0.1:${port}/`, (r) => r.resume().on('end', done)),
      )
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok')
    })
    await new Promise((done) => setImmediate(done))
    expect(openSockets(owner)).toEqual([])
  })

  test('an http request still in flight holds its socket: reported', async () => {
    const owner = 'test:socket-inflight'
    const slow = createServer(() => {}).listen(0, '127.0.0.1')
    await once(slow, 'listening')
    const slowPort = (slow.address() as { port: number }).port
    const request = ownerContext.run(owner, () => get(`http://127.0.0.1:${slowPort}/`)) // open: http get
    request.on('error', () => {})
    await once(request, 'socket')
    await new Promise((done) => setTimeout(done, 20))
    try {
      expect(openSockets(owner).map((record) => record.label)).toEqual([`127.0.0.1:${slowPort}`])
      // Node's client frames below the wrapper still leave the caller within the stack kept.
      expect(openSockets(owner)[0]?.openSite).toMatchObject({
        file: here,
        line: lineOf('// open: http get'),
      })
    } finally {
      request.destroy()
      slow.close()
    }
  })

  test('a fetch still in flight holds its socket: reported, so its pooled twin is a real control', async () => {
    const owner = 'test:socket-fetch-inflight'
    const slow = createServer(() => {}).listen(0, '127.0.0.1')
    await once(slow, 'listening')
    const slowPort = (slow.address() as { port: number }).port
    const connected = once(slow, 'connection')
    const abort = new AbortController()
    const request = ownerContext.run(owner, () =>
      fetch(`http://127.0.0.1:${slowPort}/`, { signal: abort.signal }),
    )
    try {
      await connected
      // Only the label: the open site of fetch's socket is inside Node's undici (reported).
      expect(openSockets(owner).map((record) => record.label)).toEqual([`127.0.0.1:${slowPort}`])
    } finally {
      abort.abort()
      await request.catch(() => {})
      slow.close()
    }
    // Aborted: undici destroys the socket, and its 'close' releases the record.
    await vi.waitFor(() => expect(openSockets(owner)).toEqual([]))
  })

  test('tls.connect is tracked; a refused connection closes itself', async () => {
    const owner = 'test:socket-tls'
    // A TLS client against a plain http server: the handshake fails and destroys it.
    const tls = ownerContext.run(owner, () =>
      tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false }),
    )
    const refused = ownerContext.run(owner, () => createConnection(1, '127.0.0.1'))
    expect(openSockets(owner).map((record) => record.label)).toEqual([
      `127.0.0.1:${port}`,
      '127.0.0.1:1',
    ])
    const closed = (socket: Socket) =>
      new Promise((done) => socket.on('error', () => {}).on('close', done))
    await Promise.all([closed(tls), closed(refused)])
    expect(openSockets(owner)).toEqual([])
  })

  test('a socket the server accepted is not tracked', async () => {
    const owner = 'test:socket-accepted'
    const before = accepted.length
    const client = createConnection(port, '127.0.0.1')
    await once(client, 'connect')
    await new Promise((done) => setImmediate(done))
    expect(accepted.length).toBe(before + 1)
    // Only the client, tracked outside any owner; nothing for this owner, nothing server-side.
    expect(openOfKind('socket')).toHaveLength(1)
    expect(openSockets(owner)).toEqual([])
    client.destroy()
  })
})
