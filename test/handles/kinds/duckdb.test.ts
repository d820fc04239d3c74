import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DuckDBConnection, DuckDBInstance, DuckDBInstanceCache } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type HandleRecord, handles, ownerContext } from '../../../src/handles/index.js'
import { duckdbKind } from '../../../src/handles/kinds/duckdb.js'
import { lineOf as lineIn } from '../../support/line-of.js'
import { contextFor, openOfKind, repoRoot } from './root-import.js'

const here = fileURLToPath(import.meta.url)
const dir = mkdtempSync(join(tmpdir(), 'leakguard-duckdb-'))
let uninstall: () => void

/** `line` (1-based) of the first line of this file containing `text`. */
const lineOf = (text: string): number => lineIn(here, text)

const openDuckDb = (): HandleRecord[] => openOfKind('duckdb')
const labels = (): string[] => openDuckDb().map((record) => record.label)

beforeAll(async () => {
  uninstall = await duckdbKind.install(contextFor(repoRoot))
})

afterAll(() => {
  uninstall()
  rmSync(dir, { recursive: true, force: true })
})

describe('duckdb kind (@duckdb/node-api, the copy the project resolves)', () => {
  test('create and connect are tracked with the path, owner and the line that awaited them', async () => {
    const path = join(dir, 'weather.duckdb')
    const { instance, connection } = await ownerContext.run('test:duckdb', async () => {
      const instance = await DuckDBInstance.create(path) // open: instance
      const connection = await instance.connect() // open: connection
      return { instance, connection }
    })
    expect(openDuckDb()).toMatchObject([
      {
        label: path,
        owner: 'test:duckdb',
        fix: expect.stringMatching(/^close it with `instance\.closeSync\(\)`/),
        openSite: { file: here, line: lineOf('// open: instance') },
      },
      {
        label: `${path} (connection)`,
        owner: 'test:duckdb',
        fix: expect.stringMatching(/^close it with `connection\.disconnectSync\(\)`/),
        openSite: { file: here, line: lineOf('// open: connection') },
      },
    ])
    await connection.run('create table t as select 42 as answer')
    instance.closeSync()
    // The instance is closed, but its live connection still holds the database and its lock.
    expect(labels()).toEqual([`${path} (connection)`])
    connection.disconnectSync()
    expect(openDuckDb()).toEqual([])
  })

  test('no path is an in-memory database; a connection closed with closeSync() is released', async () => {
    const instance = await DuckDBInstance.create()
    const connection = await instance.connect()
    expect(labels()).toEqual([':memory:', ':memory: (connection)'])
    connection.closeSync()
    instance.closeSync()
    expect(labels()).toEqual([])
  })

  test('fromCache and a cache of the user’s own are tracked', async () => {
    const path = join(dir, 'cached.duckdb')
    const cached = await DuckDBInstance.fromCache(path)
    const own = await new DuckDBInstanceCache().getOrCreateInstance(join(dir, 'own.duckdb'))
    expect(labels()).toEqual([path, join(dir, 'own.duckdb')])
    cached.closeSync()
    own.closeSync()
    expect(labels()).toEqual([])
  })

  test('DuckDBConnection.create() with no instance: only the connection is the user’s', async () => {
    const connection = await DuckDBConnection.create() // open: quick start
    expect(openDuckDb()).toMatchObject([
      { label: ':memory: (connection)', openSite: { line: lineOf('// open: quick start') } },
    ])
    connection.closeSync()
    expect(labels()).toEqual([])
    const instance = await DuckDBInstance.create()
    const through = await DuckDBConnection.create(instance)
    expect(labels()).toEqual([':memory:', ':memory: (connection)'])
    through.disconnectSync()
    instance.closeSync()
  })

  test('an open in flight is counted for its owner until it settles; a failed open tracks nothing', async () => {
    const opening = ownerContext.run('test:in-flight', () =>
      DuckDBInstance.create(join(dir, 'in-flight.duckdb')),
    )
    expect(handles.pendingOpens('test:in-flight')).toBe(1)
    const instance = await opening
    expect(handles.pendingOpens('test:in-flight')).toBe(0)
    instance.closeSync()
    await expect(DuckDBInstance.create(join(dir, 'no/such/dir/x.duckdb'))).rejects.toThrow()
    expect(handles.pendingOpens()).toBe(0)
    expect(openDuckDb()).toEqual([])
  })

  test('a version lacking a method it wraps is refused whole, naming the method', async () => {
    class Instance {
      static create() {}
      connect() {}
      closeSync() {}
    }
    class Cache {
      getOrCreateInstance() {}
    }
    // Has create() but no disconnectSync(): a package version this kind cannot track.
    class Connection {
      static create() {}
      run() {}
    }
    const original = Instance.create
    const fake = {
      DuckDBInstance: Instance,
      DuckDBInstanceCache: Cache,
      DuckDBConnection: Connection,
    }
    await expect(
      duckdbKind.install(contextFor(dir, async () => ({ default: fake }))),
    ).rejects.toThrow(
      new TypeError(
        '@duckdb/node-api: DuckDBConnection.prototype.disconnectSync is not a function, so it cannot be tracked',
      ),
    )
    expect(Instance.create).toBe(original)
  })

  test('a project without @duckdb/node-api installs nothing', async () => {
    const undo = await duckdbKind.install(contextFor(dir))
    const instance = await DuckDBInstance.create()
    // Still tracked once, by the kind installed in beforeAll, not twice.
    expect(labels()).toEqual([':memory:'])
    instance.closeSync()
    undo()
  })
})
