import fs, { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MessageChannel } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type HandleRecord, handles, ownerContext } from '../../../src/handles/index.js'
import { handleKinds, installKinds } from '../../../src/handles/kinds/index.js'
import { KIND_STACK_LIMIT } from '../../../src/handles/open-site.js'
import { openOfKind } from './root-import.js'

// The open path of the `file`, `fd` and `stream` kinds, on real files: one stack per open,
// taken at the user's call and starting at the caller, and whole-file helpers that never
// reach the registry. Under leakguard's own plugin these kinds are already installed (the
// install is once per realm, so this one is then a no-op); they are left installed.

const here = fileURLToPath(import.meta.url)
const source = readFileSync(here, 'utf8').split('\n')
const dir = mkdtempSync(join(tmpdir(), 'leakguard-open-path-'))
const path = join(dir, 'small.txt')
const OWNER = 'test:open-path'

/** Where `text` is on the line marked `// mark`: its 1-based line and column. */
function siteOf(mark: string, text: string): { file: string; line: number; column: number } {
  const index = source.findIndex((line) => line.includes(`// ${mark}`))
  const column = (source[index] ?? '').indexOf(text) + 1
  return { file: here, line: index + 1, column }
}

/** The records this file's opens left open, of one kind. */
const openOf = (kind: string): HandleRecord[] => openOfKind(kind, OWNER)

/** The frames of a record's stack (its lines after the first). */
const framesOf = (record: HandleRecord | undefined): string[] =>
  (record?.stack ?? '').split('\n').slice(1)

/** A helper one call away from the test, as a user's fixture module would have it. */
function openSmall(): Promise<fs.promises.FileHandle> {
  return open(path) // open: helper
}

beforeAll(async () => {
  writeFileSync(path, 'x'.repeat(512))
  await installKinds(handleKinds, ['file', 'fd', 'stream'], dir)
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the open path of the file, fd and stream kinds', () => {
  test('an awaited FileHandle open names the call, its stack starts at the caller, close releases it', async () => {
    const fh = await ownerContext.run(OWNER, () => open(path)) // open: awaited
    const [record] = openOf('file')
    expect(record?.openSite).toEqual(siteOf('open: awaited', 'open(path)'))
    // No frame of leakguard's wrapper, and no more than the kinds' frame limit.
    expect(framesOf(record)[0]).toContain(here)
    expect(framesOf(record).length).toBeLessThanOrEqual(KIND_STACK_LIMIT)
    await fh.close()
    // Released by the FileHandle's 'close', before any verdict asks its `fd`.
    expect(handles.idOf(fh)).toBeUndefined()
  })

  test('a FileHandle transferred to another thread is released there and then; one in use stays open', async () => {
    const fh = await ownerContext.run(OWNER, () => open(path))
    const busy = await ownerContext.run(OWNER, () => open(path))
    const { port1, port2 } = new MessageChannel()
    try {
      // Node refuses to transfer a handle with a read under way; it stays this thread's.
      const reading = busy.read(Buffer.alloc(16), 0, 16, 0)
      expect(() => port1.postMessage(busy, [busy])).toThrow(/in use/)
      await reading
      expect(handles.isOpen(busy)).toBe(true)
      const received = new Promise<fs.promises.FileHandle>((resolve) =>
        port2.once('message', resolve),
      )
      port1.postMessage(fh, [fh])
      // Its fd is -1 here and no 'close' was emitted: the receiver owns it now.
      expect([fh.fd, handles.isOpen(fh)]).toEqual([-1, false])
      expect(openOf('file').map((record) => record.id)).toEqual([handles.idOf(busy)])
      await (await received).close()
    } finally {
      port1.close()
      await busy.close()
    }
  })

  test('a FileHandle opened one helper call away names the helper line', async () => {
    const fh = await ownerContext.run(OWNER, () => openSmall())
    expect(openOf('file')[0]?.openSite).toEqual(siteOf('open: helper', 'open(path)'))
    await fh.close()
    expect(openOf('file')).toEqual([])
  })

  test('an fs.open callback descriptor names the call line; fs.close releases it', async () => {
    const fd = await ownerContext.run(
      OWNER,
      () => new Promise<number>((done) => fs.open(path, 'r', (_error, fd) => done(fd ?? -1))), // open: callback
    )
    const [record] = openOf('fd')
    expect(record?.label).toMatch(new RegExp(`small\\.txt \\(fd ${fd}\\)$`))
    expect(record?.openSite).toEqual(siteOf('open: callback', 'open(path'))
    await new Promise((done) => fs.close(fd, done))
    expect(openOf('fd')).toEqual([])
  })

  test('a stream names its createReadStream line, with no leakguard frame first', async () => {
    const stream = ownerContext.run(OWNER, () => createReadStream(path)) // open: stream
    const [record] = openOf('stream')
    expect(record?.openSite).toEqual(siteOf('open: stream', 'createReadStream(path)'))
    expect(framesOf(record)[0]).toContain(here)
    for await (const _chunk of stream) {
      // read to the end: the stream closes itself
    }
    expect(openOf('stream')).toEqual([])
    expect(openOf('fd')).toEqual([])
  })

  test('whole-file helpers open and close without reaching the registry', async () => {
    // Ids are handed out in order: had any helper tracked its descriptor, even for an
    // instant, the second marker's id would not follow the first's.
    const before = {}
    const first = handles.track(before, { kind: 'marker', label: 'before' })
    await ownerContext.run(OWNER, async () => {
      readFileSync(path)
      writeFileSync(join(dir, 'sync.txt'), 'x')
      fs.appendFileSync(join(dir, 'sync.txt'), 'y')
      await new Promise((done) => fs.readFile(path, done))
      await new Promise((done) => fs.writeFile(join(dir, 'cb.txt'), 'x', done))
      await new Promise((done) => fs.appendFile(join(dir, 'cb.txt'), 'y', done))
    })
    const after = {}
    const second = handles.track(after, { kind: 'marker', label: 'after' })
    handles.release(before)
    handles.release(after)
    expect(Number(second?.id.slice(1))).toBe(Number(first?.id.slice(1)) + 1)
    expect(readFileSync(join(dir, 'cb.txt'), 'utf8')).toBe('xy')
  })
})
