import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import {
  consumerProject,
  consumerProjects,
  consumerRoot,
  packedFiles,
  packTarball,
} from './consumer.js'
import { type Outcome, outcomeDiff, outcomeOf } from './outcome.js'
import { checkout, repoRoot, runProject, siteOf, type VitestInstall } from './run-project.js'

// `npm run test:compat`: leakguard packed and installed from its tarball into fresh
// projects with only vitest, on the latest vitest 4.1 (Node 20, this process's Node) and
// on vitest 5 (Node 22 from the `node@22` npm package). The same e2e projects run in each
// and in the checkout, and every difference between them is printed.
const lines = {
  'vitest 4.1': { vitest: 'vitest@~4.1.0', node22: false },
  'vitest 5': { vitest: 'vitest@^5.0.0', node22: true },
} as const
type Line = keyof typeof lines
const installs = new Map<Line, VitestInstall>()
const outcomes = new Map<string, Outcome>()
const timings: string[] = []

function timed<T>(what: string, run: () => T): T {
  const start = performance.now()
  const result = run()
  timings.push(`${what}: ${((performance.now() - start) / 1000).toFixed(1)} s`)
  return result
}

beforeAll(async () => {
  const tarball = timed('npm pack', () => packTarball(join(repoRoot, 'tmp/compat')))
  for (const [name, line] of Object.entries(lines) as [Line, (typeof lines)[Line]][]) {
    installs.set(
      name,
      timed(`install ${name}`, () => consumerProject(tarball, line)),
    )
  }
  for (const project of consumerProjects) {
    for (const [name, install] of [['checkout', checkout], ...installs] as const) {
      const start = performance.now()
      outcomes.set(`${name}/${project}`, outcomeOf(await runProject(install, project)))
      timings.push(
        `${project} on ${install.label}: ${((performance.now() - start) / 1000).toFixed(1)} s`,
      )
    }
  }
  console.log(`compat timings:\n  ${timings.join('\n  ')}`)
}, 900_000)

const install = (line: Line): VitestInstall => {
  const found = installs.get(line)
  if (!found) throw new Error(`${line} was not installed`)
  return found
}
const outcome = (key: string): Outcome => {
  const found = outcomes.get(key)
  if (!found) throw new Error(`no run ${key}`)
  return found
}

describe('the package as published', () => {
  test('npm pack holds dist/, schema/ and README, and no sources or tests', () => {
    const files = packedFiles()
    for (const needed of [
      'README.md',
      'package.json',
      'schema/report.schema.json',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/plugin/index.js',
      'dist/plugin/index.d.ts',
      'dist/plugin/library-import.js',
      'dist/plugin/runner.js',
      'dist/fixtures/index.js',
      'dist/fixtures/index.d.ts',
      'dist/src/cli/main.js',
    ]) {
      expect(files).toContain(needed)
    }
    const stray = files.filter(
      (file) =>
        !/^(dist\/|schema\/|README\.md$|package\.json$|LICENSE)/.test(file) ||
        /(^|\/)test\//.test(file) ||
        (/\.ts$/.test(file) && !/\.d\.ts$/.test(file)),
    )
    expect(stray).toEqual([])
  })
})

describe.each(Object.keys(lines) as Line[])('installed from the tarball with %s', (line) => {
  const root = () => consumerRoot(install(line))
  const run = (command: string, args: string[]) =>
    spawnSync(install(line).node, [join(root(), 'node_modules/.bin', command), ...args], {
      cwd: root(),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    })

  test('runs on the Node it is meant for', () => {
    expect(install(line).label).toMatch(
      line === 'vitest 5' ? /^vitest 5\.\d+\.\d+ on node v22\./ : /^vitest 4\.1\.\d+ on node v20\./,
    )
  })

  test('`npx leakguard --help` names its commands', () => {
    const result = spawnSync('npx', ['--no-install', 'leakguard', '--help'], {
      cwd: root(),
      encoding: 'utf8',
      env: { ...process.env, PATH: `${join(install(line).node, '..')}:${process.env.PATH}` },
    })
    expect([result.status, result.stdout]).toEqual([
      0,
      expect.stringMatching(/Usage: leakguard[\s\S]*analyze[\s\S]*gate/),
    ])
  })

  test('a consumer’s tsc resolves the types of leakguard, leakguard/plugin, leakguard/fixtures and leakguard/kinds', () => {
    const dir = join(root(), 'typecheck')
    mkdirSync(dir, { recursive: true })
    writeFileSync(
      join(dir, 'uses.ts'),
      [
        "import { handles, openDataset, type Dataset } from 'leakguard'",
        "import { leakguard } from 'leakguard/plugin'",
        "import { test } from 'leakguard/fixtures'",
        "import { type HandleKind, installKinds } from 'leakguard/kinds'",
        "import { defineConfig } from 'vitest/config'",
        '',
        "export const config = defineConfig({ plugins: [leakguard({ memoryLimit: '2 GB' })] })",
        'export const open: (path: string) => Promise<Dataset> = openDataset',
        'export const registry = handles',
        'export const fixtureTest = test',
        "export const myKind: HandleKind = { name: 'mydb', install: () => () => {} }",
        'export const install = installKinds',
        '// Proves the types are real, not `any`: a wrong option must not compile.',
        "// @ts-expect-error onLeak takes 'fail' | 'warn' | 'off'",
        "leakguard({ onLeak: 'sometimes' })",
        '',
      ].join('\n'),
    )
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          noEmit: true,
          types: ['node'],
          // As most projects do: zarrita's own dependencies (numcodecs, unzipit) ship
          // .d.ts files that NodeNext rejects. Resolution of leakguard's entries is still
          // checked (a missing one is TS2307 in uses.ts), and @ts-expect-error proves types.
          skipLibCheck: true,
        },
        include: ['uses.ts'],
      }),
    )
    const result = run('tsc', ['-p', dir])
    expect([result.status, result.stdout + result.stderr]).toEqual([0, ''])
  })

  test('exactly one vitest in the install: no dual-package hazard', () => {
    const result = execFileSync('npm', ['ls', 'vitest', '--all', '--parseable'], {
      cwd: root(),
      encoding: 'utf8',
    })
    const paths = [
      ...new Set(
        result
          .trim()
          .split('\n')
          .filter((path) => path.includes('vitest')),
      ),
    ]
    expect(paths).toEqual([join(root(), 'node_modules/vitest')])
  })

  test('handles: the same tests fail, with the same open sites and messages, as in the checkout', () => {
    const result = outcome(`${line}/handles`)
    expect(result.exitCode).toBe(1)
    expect(result.tests.filter((t) => t.includes(': fail/'))).toEqual([
      `concurrent.test.ts > concurrent > A leaks while B runs: fail/leak [${siteOf(checkout, 'handles', 'concurrent.test.ts', "await makeStore('concurrent-a')")}]`,
      `leaks.test.ts > a timer opens and leaks: fail/leak [${siteOf(checkout, 'handles', 'leaks.test.ts', 'await openDataset(path)')}]`,
      `leaks.test.ts > abandons an open still in flight: fail/leak [${siteOf(checkout, 'handles', 'stores.ts', 'createDataset(')}]`,
      `leaks.test.ts > forgets to close: fail/leak [${siteOf(checkout, 'handles', 'leaks.test.ts', "await makeStore('forgotten')")}]`,
      `leaks.test.ts > leaks through a helper: fail/leak [${siteOf(checkout, 'handles', 'helper.ts', 'await openDataset(path)')}]`,
    ])
    expect(result.rssScopes).toEqual(['process'])
    expect(outcomeDiff(outcome('checkout/handles'), result, ['checkout', line])).toEqual([])
  })

  test('memory: the 300 MB kernel peak, the 100 MB limit and the collected store, as in the checkout', () => {
    const result = outcome(`${line}/memory`)
    expect(result.exitCode).toBe(1)
    expect(result.bigPeaks).toEqual(
      expect.arrayContaining([
        'spike of 150 MB passes the 100 MB limit: >= 150 MB',
        'transient 300 MB peak inside one synchronous call: >= 300 MB',
      ]),
    )
    expect(outcomeDiff(outcome('checkout/memory'), result, ['checkout', line])).toEqual([])
  })

  test('handle-libs: leaks through the consumer’s own h5wasm and DuckDB are caught, as in the checkout', () => {
    const result = outcome(`${line}/handle-libs`)
    expect(result.exitCode).toBe(1)
    const at = (file: string, text: string) => siteOf(checkout, 'handle-libs', file, text)
    expect(result.tests.filter((t) => t.includes(': fail/'))).toEqual([
      `duckdb.test.ts > duckdb: closes the database but not its connection: fail/leak [${at('duckdb.test.ts', 'await instance.connect()')}]`,
      `duckdb.test.ts > duckdb: concurrent > A leaks a database while B runs: fail/leak [${at('duckdb.test.ts', "await DuckDBInstance.create(join(dir, 'concurrent-a.duckdb'))")}]`,
      `duckdb.test.ts > duckdb: forgets to close a database: fail/leak [${at('duckdb.test.ts', "await DuckDBInstance.create(join(dir, 'forgotten.duckdb'))")}]`,
      `hdf5.test.ts > hdf5: forgets to close a file: fail/leak [${at('hdf5.test.ts', "new File(path, 'r')")}]`,
      `hdf5.test.ts > hdf5: leaks a file a library opened: fail/leak [${at('hdf5.test.ts', 'openForReading(File, path)')}]`,
      `hdf5.test.ts > hdf5: leaks through a helper: fail/leak [${at('helper.ts', "new File(path, 'r')")}]`,
    ])
    // The instrumented copies are the consumer's, not the checkout's devDependencies.
    const resolved = spawnSync(
      install(line).node,
      [
        '--input-type=module',
        '-e',
        "console.log(import.meta.resolve('h5wasm/node'), import.meta.resolve('@duckdb/node-api'))",
      ],
      { cwd: root(), encoding: 'utf8' },
    )
    expect(resolved.stdout.trim().split(' ')).toEqual([
      `file://${root()}/node_modules/h5wasm/dist/node/hdf5_hl.js`,
      `file://${root()}/node_modules/@duckdb/node-api/lib/index.js`,
    ])
    expect(outcomeDiff(outcome('checkout/handle-libs'), result, ['checkout', line])).toEqual([])
  })

  test('kinds: every built-in kind caught at the same sites as in the checkout', () => {
    const result = outcome(`${line}/kinds`)
    expect(result.exitCode).toBe(1)
    const failed = result.tests.filter((t) => t.includes(': fail/'))
    // One leak per built-in kind at least, plus the concurrent, suite and library cases.
    expect(failed.length).toBeGreaterThanOrEqual(9)
    expect(outcomeDiff(outcome('checkout/kinds'), result, ['checkout', line])).toEqual([])
  })

  test('compat-pools: the same outcome as in the checkout', () => {
    expect(
      outcomeDiff(outcome('checkout/compat-pools'), outcome(`${line}/compat-pools`), [
        'checkout',
        line,
      ]),
    ).toEqual([])
  })
})

test('vitest 4.1 and vitest 5 agree (differences printed)', () => {
  const differences = consumerProjects.flatMap((project) =>
    outcomeDiff(outcome(`vitest 4.1/${project}`), outcome(`vitest 5/${project}`), [
      install('vitest 4.1').label,
      install('vitest 5').label,
    ]).map((line) => `${project}: ${line}`),
  )
  console.log(
    differences.length === 0
      ? 'compat: no difference between vitest 4.1 and vitest 5'
      : `compat: differences between vitest 4.1 and vitest 5:\n  ${differences.join('\n  ')}`,
  )
  expect(differences).toEqual([])
})
