import { once } from 'node:events'
import { createServer, type Server } from 'node:net'
import { afterAll, beforeAll, describe, test } from 'vitest'

const servers: Server[] = []

describe('suite that forgets its server', () => {
  beforeAll(async () => {
    const server = createServer().listen(0, '127.0.0.1')
    servers.push(server)
    await once(server, 'listening')
  })
  test('uses the suite server', () => {})
})

describe('suite that closes its server in afterAll', () => {
  let server: Server
  beforeAll(async () => {
    server = createServer().listen(0, '127.0.0.1')
    await once(server, 'listening')
  })
  afterAll(() => {
    server.close()
  })
  test('uses the shared server', () => {})
})

afterAll(() => {
  for (const server of servers) server.close()
})
