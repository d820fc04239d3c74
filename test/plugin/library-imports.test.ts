import { fileURLToPath } from 'node:url'
import { createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { leakguard } from '../../plugin/index.js'
import type { LeakguardOptions } from '../../plugin/options.js'

// The plugin's resolution of library imports, through a real Vite server's plugin
// pipeline (so Vite's own resolver runs too): whether `import 'h5wasm/node'` in a test
// file reaches the module that installs the kind, or the package itself.
const root = fileURLToPath(new URL('../../', import.meta.url))
const importer = `${root}test/e2e/projects/handle-libs/hdf5.test.ts`

async function serverWith(options: LeakguardOptions): Promise<ViteDevServer> {
  return createServer({
    root,
    configFile: false,
    logLevel: 'silent',
    server: { middlewareMode: true, ws: false, watch: null },
    plugins: [leakguard(options)],
  })
}

async function resolved(server: ViteDevServer, id: string, consumer: 'ssr' | 'client') {
  return (await server.environments[consumer].pluginContainer.resolveId(id, importer))?.id
}

describe('imports of a tracked library go through the kind’s installer', () => {
  let all: ViteDevServer
  let fileOnly: ViteDevServer
  beforeAll(async () => {
    all = await serverWith({})
    fileOnly = await serverWith({ track: ['file', 'fd'] })
  })
  afterAll(async () => {
    await Promise.all([all.close(), fileOnly.close()])
  })

  test('every kind tracked: both libraries are redirected, on the server side only', async () => {
    expect(await resolved(all, 'h5wasm/node', 'ssr')).toBe('\0leakguard:import:h5wasm/node')
    expect(await resolved(all, '@duckdb/node-api', 'ssr')).toBe(
      '\0leakguard:import:@duckdb/node-api',
    )
    // A browser environment has no worker to install into: the package as Vite finds it.
    // (Vite's client side may serve it from its pre-bundled deps.)
    expect(await resolved(all, 'h5wasm/node', 'client')).toMatch(/^\/.*h5wasm/)
    // The browser entry of h5wasm holds no file of the machine: not a tracked import.
    expect(await resolved(all, 'h5wasm', 'ssr')).toMatch(/node_modules\/h5wasm\//)
  })

  test('the stand-in installs the kind, then re-exports the library as Vite resolves it', async () => {
    const code = String(
      (await all.environments.ssr.pluginContainer.load('\0leakguard:import:h5wasm/node')) ?? '',
    )
    expect(code.split('\n').slice(0, 4)).toEqual([
      'import "\\u0000leakguard:install:hdf5"',
      'import * as library from "h5wasm/node"',
      'export * from "h5wasm/node"',
      'export default library.default',
    ])
    // From the stand-in itself, the library resolves to the package, not to the stand-in.
    const real = await all.environments.ssr.pluginContainer.resolveId(
      'h5wasm/node',
      '\0leakguard:import:h5wasm/node',
    )
    expect(real?.id).toMatch(/node_modules\/h5wasm\/dist\/node\/hdf5_hl\.js$/)
  })

  test('a kind left out of `track` leaves its library alone', async () => {
    expect(await resolved(fileOnly, 'h5wasm/node', 'ssr')).toMatch(/node_modules\/h5wasm\//)
    expect(await resolved(fileOnly, '@duckdb/node-api', 'ssr')).toMatch(/node_modules\/@duckdb\//)
  })
})
