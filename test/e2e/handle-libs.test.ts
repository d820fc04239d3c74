import { beforeAll, describe, expect, test } from 'vitest'
import { schemaErrors } from './report-schema.js'
import { failedTests, runVitest, siteOf, type VitestRun } from './run-vitest.js'

// One real vitest run of test/e2e/projects/handle-libs: h5wasm and @duckdb/node-api are
// found from the project root (the repository's devDependencies here; the consumer's own
// dependencies in `npm run test:compat`), and its config is `plugins: [leakguard()]`.
let run: VitestRun
beforeAll(async () => {
  run = await runVitest('handle-libs')
})

const site = (file: string, text: string) => siteOf('handle-libs', file, text)

function reportTest(name: string, from: VitestRun = run) {
  const found = from.report.tests.find((test) => test.name === name)
  if (!found) throw new Error(`no test ${name} in report.json`)
  return found
}

/** The leak lines of one test's message: header, handle, source line and fix, in order. */
function messageOf(test: string, handle: RegExp, sourceLine: string, fix: string): RegExp {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(
    [
      `HandleLeakError: Test "${literal(test)}" \\(\\w+\\.test\\.ts\\) left 1 handle open after its teardown:`,
      `  - ${handle.source}`,
      `      ${literal(sourceLine)}`,
      `Fix: ${literal(fix)}`,
    ].join('\\n'),
  )
}

const HDF5_FIX = 'close it with `file.close()` (in the test or its `afterEach`).'
const DUCKDB_FIX = 'close it with `instance.closeSync()` (in the test or its `afterEach`).'
const CONNECTION_FIX =
  'close it with `connection.disconnectSync()` (in the test or its `afterEach`): a live ' +
  'connection keeps the database, and its file lock, after `instance.closeSync()`.'

describe('handle-libs project: h5wasm and DuckDB handles, with no change to the tests', () => {
  test('exits 1 and fails exactly the leaking tests', () => {
    expect(run.exitCode).toBe(1)
    expect(failedTests(run.json)).toEqual([
      'duckdb: closes the database but not its connection',
      'duckdb: concurrent A leaks a database while B runs',
      'duckdb: forgets to close a database',
      'hdf5: forgets to close a file',
      'hdf5: leaks a file a library opened',
      'hdf5: leaks through a helper',
    ])
  })

  test('an HDF5 file left open: kind, path and mode, open site, source line and fix', () => {
    const [leak] = reportTest('hdf5: forgets to close a file').leaks
    expect(leak).toMatchObject({
      kind: 'hdf5',
      label: expect.stringMatching(/^\/.*\/observations\.h5 \(mode r\)$/),
      openedAt: site('hdf5.test.ts', "new File(path, 'r')"),
      sourceLine: "const file = new File(path, 'r')",
      fix: HDF5_FIX,
      state: 'open',
    })
    expect(run.output).toMatch(
      messageOf(
        'hdf5: forgets to close a file',
        new RegExp(
          `hdf5 "/.*/observations\\.h5 \\(mode r\\)" \\(${leak?.id}\\) opened at ${leak?.openedAt}`,
        ),
        "const file = new File(path, 'r')",
        HDF5_FIX,
      ),
    )
  })

  test('one helper call away: the open site is the helper’s line', () => {
    const [leak] = reportTest('hdf5: leaks through a helper').leaks
    expect(leak?.openedAt).toBe(site('helper.ts', "new File(path, 'r')"))
    expect(leak?.sourceLine).toBe("const results = new File(path, 'r')")
  })

  test('opened inside a library: the test’s line, with the library’s frame in the stack', () => {
    const [leak] = reportTest('hdf5: leaks a file a library opened').leaks
    expect(leak?.openedAt).toBe(site('hdf5.test.ts', 'openForReading(File, path)'))
    expect(leak?.stack).toMatch(
      /node_modules\/h5-reader\/index\.mjs:2:\d+\)?\n.*hdf5\.test\.ts:\d+:\d+/,
    )
  })

  test('a DuckDB database left open: kind, path, open site, source line and fix', () => {
    const [leak] = reportTest('duckdb: forgets to close a database').leaks
    expect(leak).toMatchObject({
      kind: 'duckdb',
      label: expect.stringMatching(/^\/.*\/forgotten\.duckdb$/),
      openedAt: site(
        'duckdb.test.ts',
        "await DuckDBInstance.create(join(dir, 'forgotten.duckdb'))",
      ),
      fix: DUCKDB_FIX,
    })
    expect(run.output).toMatch(
      messageOf(
        'duckdb: forgets to close a database',
        new RegExp(`duckdb "/.*/forgotten\\.duckdb" \\(${leak?.id}\\) opened at ${leak?.openedAt}`),
        "const instance = await DuckDBInstance.create(join(dir, 'forgotten.duckdb'))",
        DUCKDB_FIX,
      ),
    )
  })

  test('a database closed while its connection is open: the connection is the leak', () => {
    const { leaks } = reportTest('duckdb: closes the database but not its connection')
    expect(leaks).toMatchObject([
      {
        kind: 'duckdb',
        label: expect.stringMatching(/^\/.*\/locked\.duckdb \(connection\)$/),
        openedAt: site('duckdb.test.ts', 'await instance.connect()'),
        sourceLine: 'const connection = await instance.connect()',
        fix: CONNECTION_FIX,
      },
    ])
    expect(run.output).toContain(`Fix: ${CONNECTION_FIX}`)
  })

  test('concurrent tests are told apart across DuckDB’s own threads: A leaks, B does not', () => {
    expect(reportTest('duckdb: concurrent > A leaks a database while B runs').leaks).toMatchObject([
      {
        kind: 'duckdb',
        label: expect.stringMatching(/\/concurrent-a\.duckdb$/),
        openedAt: site(
          'duckdb.test.ts',
          "await DuckDBInstance.create(join(dir, 'concurrent-a.duckdb'))",
        ),
      },
    ])
    const b = reportTest('duckdb: concurrent > B closes its database while A runs')
    expect([b.state, b.status, b.leaks]).toEqual(['pass', 'ok', []])
  })

  test('clean twins pass: closed in the test, in afterEach, the quick start, a suite’s database', () => {
    for (const name of [
      'hdf5: closes its file',
      'hdf5: a file closed in afterEach',
      'duckdb: closes its connection and database',
      'duckdb: the quick start, closed',
      'duckdb: a database the suite holds > uses the suite’s database',
    ]) {
      const test = reportTest(name)
      expect([name, test.state, test.status, test.leaks]).toEqual([name, 'pass', 'ok', []])
    }
    // The suite's beforeAll database was closed in its afterAll: no scope leaked.
    expect(run.report.scopes).toEqual([])
  })

  test('a file that imports neither library does not load them: the kinds install on import', () => {
    const test = reportTest('a file that imports neither library loads neither')
    expect([test.state, test.leaks]).toEqual(['pass', []])
  })

  test('its stated limit: a dependency that imports DuckDB itself, in a file that does not, is not seen', () => {
    const test = reportTest('duckdb: a dependency opens a database itself and leaks it')
    expect([test.state, test.leaks]).toEqual(['pass', []])
  })

  test('h5wasm’s own fd is part of its file, never a second handle', () => {
    const kinds = run.report.tests.flatMap((test) => test.leaks.map((leak) => leak.kind))
    expect(kinds.sort()).toEqual(['duckdb', 'duckdb', 'duckdb', 'hdf5', 'hdf5', 'hdf5'])
  })

  test('report.json matches schema/report.schema.json', () => {
    expect(schemaErrors(run.report)).toEqual([])
  })
})

describe('the kinds installed eagerly, by a setup file that imports the libraries', () => {
  let eager: VitestRun
  beforeAll(async () => {
    eager = await runVitest('handle-libs', ['dependency.test.ts'], { HANDLE_LIBS_EAGER: '1' })
  })

  test('the dependency’s own DuckDB database is caught, at the test’s line that called it', () => {
    expect(eager.exitCode).toBe(1)
    expect(failedTests(eager.json)).toEqual([
      'duckdb: a dependency opens a database itself and leaks it',
    ])
    const [leak] = reportTest(
      'duckdb: a dependency opens a database itself and leaks it',
      eager,
    ).leaks
    expect(leak).toMatchObject({
      kind: 'duckdb',
      label: ':memory:',
      openedAt: site('dependency.test.ts', 'await openScratch()'),
      fix: DUCKDB_FIX,
    })
  })
})
