import { expect, test } from 'vitest'
import { runWithKind } from './run-with-kind.js'

// The server and dgram kinds listen for a bind's 'error' to stop counting the open as under
// way; an unhandled EADDRINUSE must still crash, as it does without leakguard (it passed
// silently through the server kind until this was found while adding dgram).
// The first socket or server holds the port, unref()ed: were the error swallowed, the child
// would exit 0 instead of hanging, and the test fail at once.
test('a server whose listen fails, with no error handler, still crashes the process as without leakguard', async () => {
  const result = await runWithKind(
    'server.js',
    'serverKind',
    `const net = await import('node:net')
     const first = net.createServer().listen(0, '127.0.0.1', () => {
       first.unref()
       net.createServer().listen(first.address().port, '127.0.0.1')
     })`,
  )
  expect(result.code).toBe(1)
  expect(result.stderr).toMatch(/Error: listen EADDRINUSE: address already in use 127\.0\.0\.1:\d+/)
})

test('a server whose listen fails with a handler of the user’s: the handler gets it, the process lives', async () => {
  const result = await runWithKind(
    'server.js',
    'serverKind',
    `const net = await import('node:net')
     const { once } = await import('node:events')
     const first = net.createServer().listen(0, '127.0.0.1')
     await once(first, 'listening')
     const second = net.createServer()
     const failed = once(second, 'error')
     second.listen(first.address().port, '127.0.0.1')
     const [error] = await failed
     console.error('handled', error.code)
     first.close()`,
  )
  expect(result).toEqual({ code: 0, stdout: '', stderr: 'handled EADDRINUSE\n' })
})

test('a dgram socket whose bind fails, with no error handler, still crashes the process', async () => {
  const result = await runWithKind(
    'dgram.js',
    'dgramKind',
    `const { createSocket } = await import('node:dgram')
     const first = createSocket('udp4').bind(0, '127.0.0.1')
     first.unref().once('listening', () => createSocket('udp4').bind(first.address().port, '127.0.0.1'))`,
  )
  expect(result.code).toBe(1)
  expect(result.stderr).toMatch(/Error: bind EADDRINUSE 127\.0\.0\.1:\d+/)
})
