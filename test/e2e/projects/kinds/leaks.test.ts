import { execFile, spawn } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { once } from 'node:events'
import fs, { closeSync, createReadStream, createWriteStream, openSync, watch } from 'node:fs'
import { open, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, get, type Server } from 'node:http'
import { createRequire } from 'node:module'
import { createConnection, connect as netConnect, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { text } from 'node:stream/consumers'
import { setInterval as timersInterval } from 'node:timers'
import { setInterval as intervalIterator } from 'node:timers/promises'
import { Worker } from 'node:worker_threads'
import { openLog } from 'tiny-lib'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { openFixture } from './helper.js'

const fixture = join(import.meta.dirname, 'fixture.txt')
const scratch = join(tmpdir(), `leakguard-kinds-${process.pid}`)
// Cleanup for the leaking tests, after their verdict, so the worker exits at once.
const left: (() => unknown)[] = []
const later = (close: () => unknown) => left.push(close)

describe('file', () => {
  test('file leaks', async () => {
    const fh = await open(fixture)
    later(() => fh.close())
  })
  test('file closes', async () => {
    const fh = await open(fixture)
    expect(fh.fd).toBeGreaterThan(0)
    await fh.close()
  })
  // In vm pools on Node 20 and 22 the realm has no `Symbol.asyncDispose` for Node's objects:
  // vitest's lowered `await using` throws there (asserted by the e2e test).
  test('file closes with await using', async () => {
    await using fh = await open(fixture)
    expect(fh.fd).toBeGreaterThan(0)
  })
  test('file dropped without close', async () => {
    // Held by nothing once the test returns: the collector closes it (Node's DEP0137).
    const fh = await open(fixture, 'r+')
    expect(fh.fd).toBeGreaterThan(0)
  })
})

describe('fd', () => {
  test('fd leaks', () => {
    const fd = openSync(fixture, 'r')
    later(() => closeSync(fd))
  })
  test('fd closes', async () => {
    closeSync(openSync(fixture, 'r'))
    const fd = await new Promise<number>((done) => fs.open(fixture, 'r', (_e, n) => done(n)))
    await new Promise((done) => fs.close(fd, done))
  })
  test('fd leaks one helper call away', () => {
    const fd = openFixture(fixture)
    later(() => closeSync(fd))
  })
  test('fd through CommonJS require leaks', () => {
    const required = createRequire(import.meta.url)('node:fs') as typeof fs
    const fd = required.openSync(fixture, 'r')
    later(() => closeSync(fd))
  })
})

describe('stream', () => {
  test('stream leaks', () => {
    const stream = createReadStream(fixture)
    later(() => stream.destroy())
  })
  test('stream ends', async () => {
    expect(await text(createReadStream(fixture))).toContain('small file')
    const out = createWriteStream(join(scratch, 'out.txt'))
    out.end('written')
  })
})

describe('watcher', () => {
  test('watcher leaks', () => {
    const watcher = watch(import.meta.dirname)
    later(() => watcher.close())
  })
  test('watcher closes', async () => {
    watch(import.meta.dirname).close()
    fs.watchFile(fixture, () => {})
    fs.unwatchFile(fixture)
    const ac = new AbortController()
    const events = fs.promises.watch(import.meta.dirname, { signal: ac.signal })
    ac.abort()
    await expect(events[Symbol.asyncIterator]().next()).rejects.toThrow(/abort/i)
  })
})

describe('server', () => {
  test('server leaks', async () => {
    const server = createServer()
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    later(() => server.close())
  })
  test('server closes without awaiting the callback', async () => {
    const server = createServer().listen(0, '127.0.0.1')
    await once(server, 'listening')
    server.close()
  })
})

describe('child-process', () => {
  test('child-process leaks', () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'])
    later(() => child.kill())
  })
  test('child-process exits', async () => {
    await once(spawn(process.execPath, ['-e', '0']), 'exit')
    await new Promise((done) => execFile(process.execPath, ['--version'], done))
  })
})

describe('worker', () => {
  test('worker leaks', () => {
    const worker = new Worker('setInterval(() => {}, 1000)', { eval: true })
    later(() => worker.terminate())
  })
  test('worker terminates', async () => {
    const worker = new Worker('0', { eval: true })
    await once(worker, 'exit')
    new Worker('setInterval(() => {}, 1000)', { eval: true }).terminate()
  })
})

describe('socket', () => {
  // Opened by the suite and closed in its afterAll: the suite's, and no leak.
  let server: Server
  let port = 0
  let closedAfter: Socket | undefined
  beforeAll(async () => {
    server = createServer((_request, response) => response.end('ok')).listen(0, '127.0.0.1')
    await once(server, 'listening')
    port = (server.address() as { port: number }).port
  })
  afterEach(() => closedAfter?.destroy())
  afterAll(() => server.close())

  test('socket leaks', async () => {
    const socket = createConnection(port, '127.0.0.1')
    await once(socket, 'connect')
    later(() => socket.destroy())
  })
  test('socket closes, ends, or is pooled', async () => {
    const destroyed = netConnect({ port, host: '127.0.0.1' })
    await once(destroyed, 'connect')
    destroyed.destroy()
    // Its close is still under way at teardown: `end()` was called.
    new Socket().connect(port, '127.0.0.1').end()
    // http's global agent keeps the socket alive (idle, unref()ed) for the next request.
    await new Promise((done) => get(`http://127.0.0.1:${port}/`, (r) => r.resume().on('end', done)))
    // So does fetch's pool.
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok')
    // Refused: destroyed by its error.
    const refused = createConnection(1, '127.0.0.1')
    await once(refused, 'error').catch(() => {})
  })
  test('a socket closed in afterEach', async () => {
    closedAfter = createConnection(port, '127.0.0.1')
    await once(closedAfter, 'connect')
  })
})

describe('interval', () => {
  let ticking: ReturnType<typeof setInterval> | undefined
  afterEach(() => clearInterval(ticking))

  test('interval leaks', () => {
    const id = setInterval(function poll() {}, 1000)
    later(() => clearInterval(id))
  })
  test('interval from node:timers leaks although unref()ed', () => {
    const timer = timersInterval(() => {}, 50).unref()
    later(() => clearInterval(timer))
  })
  test('interval iterator from timers/promises left running leaks', async () => {
    const ticks = intervalIterator(50)
    await ticks.next()
    later(() => ticks.return?.())
  })
  test('interval cleared, every way', async () => {
    clearInterval(setInterval(() => {}, 10))
    clearTimeout(setInterval(() => {}, 10))
    setInterval(() => {}, 10).close()
    clearInterval(Number(setInterval(() => {}, 10)))
    let ticks = 0
    for await (const _ of intervalIterator(1)) if (++ticks === 2) break
    // vitest's own polling interval, cleared by vitest.
    let calls = 0
    await vi.waitFor(() => expect(++calls).toBeGreaterThan(2), { interval: 5 })
  })
  test('an interval cleared in afterEach', () => {
    ticking = setInterval(() => {}, 10)
  })
  // Like `await using` above: throws in vm pools, whose realm has no `Symbol.dispose`.
  test('interval cleared with using', () => {
    using _timer = setInterval(() => {}, 10)
  })
})

describe('dgram', () => {
  test('dgram leaks', async () => {
    const socket = createSocket('udp4')
    socket.bind(0, '127.0.0.1')
    await once(socket, 'listening')
    later(() => socket.close())
  })
  test('dgram bound by send leaks', async () => {
    const socket = createSocket('udp4')
    await new Promise((done) => socket.send('ping', 9, '127.0.0.1', done))
    later(() => socket.close())
  })
  test('dgram closes, or is never bound', async () => {
    const bound = createSocket('udp4').bind(0, '127.0.0.1')
    await once(bound, 'listening')
    bound.close()
    const sent = createSocket('udp6')
    await new Promise((done) => sent.send('ping', 9, '::1', done))
    await new Promise<void>((done) => sent.close(done))
    // Closed before its bind completed: no verdict waits for it.
    createSocket('udp4').bind(0, '127.0.0.1').close()
    // Never bound: no port, nothing that keeps the process alive.
    createSocket('udp4')
  })
})

describe('library', () => {
  test('library opens a file that leaks', async () => {
    const log = await openLog(join(scratch, 'lib.log'))
    later(() => log.close())
  })
})

describe('no false alarms', () => {
  let fd: number | undefined
  afterEach(() => {
    if (fd !== undefined) closeSync(fd)
  })
  test('whole-file helpers open and close inside', async () => {
    await writeFile(join(scratch, 'a.txt'), 'a')
    await new Promise((done) => fs.writeFile(join(scratch, 'b.txt'), 'b', done))
    await new Promise((done) => fs.appendFile(join(scratch, 'b.txt'), 'b', done))
    expect(await readFile(join(scratch, 'a.txt'), 'utf8')).toBe('a')
    expect(fs.readFileSync(join(scratch, 'b.txt'), 'utf8')).toBe('bb')
    fs.copyFileSync(join(scratch, 'a.txt'), join(scratch, 'c.txt'))
    await rm(join(scratch, 'c.txt'))
  })
  test('a descriptor closed in afterEach', () => {
    fd = openSync(fixture, 'r')
  })
})

fs.mkdirSync(scratch, { recursive: true })
test('cleanup (runs last)', async () => {
  for (const close of left) await close()
  await rm(scratch, { recursive: true, force: true })
})
