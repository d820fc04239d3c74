import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import fs, { closeSync, createReadStream, createWriteStream, openSync, watch } from 'node:fs'
import { open, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { text } from 'node:stream/consumers'
import { Worker } from 'node:worker_threads'
import { openLog } from 'tiny-lib'
import { afterEach, describe, expect, test } from 'vitest'
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
