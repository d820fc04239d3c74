import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { dir } from './data.js'

test('duckdb: forgets to close a database', async () => {
  const instance = await DuckDBInstance.create(join(dir, 'forgotten.duckdb'))
  expect(instance).toBeDefined()
})

test('duckdb: closes the database but not its connection', async () => {
  const instance = await DuckDBInstance.create(join(dir, 'locked.duckdb'))
  const connection = await instance.connect()
  await connection.run('create table stations as select 1 as id')
  instance.closeSync()
})

test('duckdb: closes its connection and database', async () => {
  const instance = await DuckDBInstance.create(join(dir, 'clean.duckdb'))
  const connection = await instance.connect()
  const reader = await connection.runAndReadAll('select 42 as answer')
  expect(reader.getRows()).toEqual([[42]])
  connection.disconnectSync()
  instance.closeSync()
})

test('duckdb: the quick start, closed', async () => {
  const connection = await DuckDBConnection.create()
  await connection.run('select 1')
  connection.closeSync()
})

describe('duckdb: a database the suite holds', () => {
  let instance: DuckDBInstance
  beforeAll(async () => {
    instance = await DuckDBInstance.fromCache(join(dir, 'suite.duckdb'))
  })
  afterAll(() => instance.closeSync())

  test('uses the suite’s database', async () => {
    const connection = await instance.connect()
    await connection.run('select 1')
    connection.disconnectSync()
  })
})

describe('duckdb: concurrent', () => {
  test.concurrent('A leaks a database while B runs', async () => {
    await DuckDBInstance.create(join(dir, 'concurrent-a.duckdb'))
    await sleep(60)
  })

  test.concurrent('B closes its database while A runs', async () => {
    const instance = await DuckDBInstance.create(join(dir, 'concurrent-b.duckdb'))
    await sleep(30)
    instance.closeSync()
  })
})
