import { once } from 'node:events'
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { handles, ownerContext } from '../../../src/handles/index.js'
import { serverKind } from '../../../src/handles/kinds/server.js'
import { contextFor, repoRoot } from './root-import.js'

let uninstall: () => void

beforeAll(async () => {
  uninstall = await serverKind.install(contextFor(repoRoot))
})
afterAll(() => uninstall())

describe('server kind', () => {
  test('closed before its listen completed: nothing tracked, nothing waited for', async () => {
    const owner = 'test:server-closed-early'
    // A host name is looked up first, so the listen is still under way at `close()`, and
    // Node then never emits 'listening' (nor 'error'): only 'close' ends the open.
    const server = ownerContext.run(owner, () => createServer().listen(0, 'localhost'))
    expect(handles.pendingOpens(owner)).toBe(1)
    server.close()
    await once(server, 'close')
    expect(handles.pendingOpens(owner)).toBe(0)
    expect(handles.open(owner).filter((record) => record.kind === 'server')).toEqual([])
  })

  test('a listen that completes is tracked at listening, with its bound address', async () => {
    const owner = 'test:server-listens'
    const server = ownerContext.run(owner, () => createServer().listen(0, '127.0.0.1'))
    await once(server, 'listening')
    expect(handles.pendingOpens(owner)).toBe(0)
    const address = server.address()
    const port = typeof address === 'object' && address !== null ? address.port : -1
    expect(handles.open(owner).map(({ kind, label }) => ({ kind, label }))).toEqual([
      { kind: 'server', label: `127.0.0.1:${port}` },
    ])
    server.close()
    await once(server, 'close')
    expect(handles.open(owner)).toEqual([])
  })
})
