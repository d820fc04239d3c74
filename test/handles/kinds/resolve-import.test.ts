import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { ImportResolutionError, resolveImport } from '../../../src/handles/kinds/resolve-import.js'
import { repoRoot } from './root-import.js'

const dir = mkdtempSync(join(tmpdir(), 'leakguard-resolve-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A package under `dir/node_modules` with this manifest. */
function fakePackage(name: string, manifest: object): void {
  mkdirSync(join(dir, 'node_modules', name), { recursive: true })
  writeFileSync(join(dir, 'node_modules', name, 'package.json'), JSON.stringify(manifest))
}

describe('resolveImport: the file import() loads, from the project root', () => {
  test('an ESM-only package (h5wasm/node), which require cannot resolve', () => {
    expect(resolveImport(repoRoot, 'h5wasm/node')).toBe(
      join(repoRoot, 'node_modules/h5wasm/dist/node/hdf5_hl.js'),
    )
    expect(() => createRequire(join(repoRoot, 'package.json')).resolve('h5wasm/node')).toThrow(
      `Package subpath './node' is not defined by "exports"`,
    )
  })

  test('a CommonJS package without exports (@duckdb/node-api): its main', () => {
    expect(resolveImport(repoRoot, '@duckdb/node-api')).toBe(
      join(repoRoot, 'node_modules/@duckdb/node-api/lib/index.js'),
    )
  })

  test('a dual package: the import build, not the require one', () => {
    fakePackage('dual', {
      exports: { '.': { types: './x.d.ts', require: './cjs/index.cjs', import: './esm/index.js' } },
    })
    expect(resolveImport(dir, 'dual')).toBe(join(dir, 'node_modules/dual/esm/index.js'))
  })

  test('a project without the package: undefined, not an error', () => {
    expect(resolveImport(dir, 'h5wasm/node')).toBeUndefined()
  })

  test('a subpath the package does not export: a typed error naming it', () => {
    fakePackage('narrow', { exports: { '.': './index.js' } })
    expect(() => resolveImport(dir, 'narrow/node')).toThrow(ImportResolutionError)
    expect(() => resolveImport(dir, 'narrow/node')).toThrow(
      `Cannot resolve \`narrow/node\` for import() in ${join(dir, 'node_modules/narrow')}: its exports have no "./node"`,
    )
  })
})
