// Writes the overhead benchmark's suite: `files` test files of `tests` small tests each.
// Every test computes a little, allocates a little and opens and closes a real dataset
// (a tiny Zarr store made once per file); every fifth test also creates a store of its
// own. The suite's vitest.config.ts picks the variant from LG_BENCH_VARIANT, so all
// variants run the very same files.
//
// It must live inside the repository (tmp/ is ignored by git): the tests import
// 'leakguard' and 'leakguard/plugin', which resolve to dist/ by the package's
// self-reference only from within it.
//
// Usage: node bench/overhead/generate.mjs [--dir tmp/bench-overhead-suite] [--files 20] [--tests 50]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

/** The repository root. */
export const repo = resolve(import.meta.dirname, '../..')

/** Where the suite goes unless told otherwise. */
export const defaultSuiteDir = join(repo, 'tmp/bench-overhead-suite')

/** `text` with every character that means something in a RegExp escaped. */
export const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/** This checkout's dist/ as a RegExp source, for a suite config's `server.deps.external`. */
export const distPattern = escapeRegExp(join(repo, 'dist/'))
/** The suite's vitest.config.ts, shared with bench/io: the variant from LG_BENCH_VARIANT. */
export const suiteConfig = `import { defineConfig } from 'vitest/config'

// plain | defaults | gc | auto | async-leaks (async-leaks is plain vitest run with --detect-async-leaks)
const variant = process.env.LG_BENCH_VARIANT ?? 'plain'
// Only leakguard's variants import it: a static import would charge plain vitest (and
// --detect-async-leaks) for loading leakguard/plugin, which a user without it never pays.
const options = { defaults: {}, gc: { gc: true }, auto: { gc: 'auto' } }[variant]
const plugins =
  options === undefined ? [] : [(await import('leakguard/plugin')).leakguard(options)]

export default defineConfig({
  plugins,
  test: {
    include: ['*.test.ts'],
    // In a real install leakguard sits in node_modules and vitest loads it natively. Here
    // it resolves to the repository's dist/, which vitest would transform in every worker
    // unless told otherwise; leakguard() says so itself, so every variant must, or plain
    // vitest pays a cost the others do not (measured: plain 25 % slower in wall time).
    server: { deps: { external: [new RegExp(${JSON.stringify(`^${distPattern}`)})] } },
  },
})
`

function testBody(file, t) {
  const lines = [
    `test('f${file} t${t}', async () => {`,
    '  let sum = 0',
    `  for (let i = 0; i < 5000; i++) sum += Math.sqrt(i + ${t})`,
    '  const scratch = new Float64Array(2048).fill(sum)',
    "  const words = Array.from({ length: 200 }, (_, i) => 'w' + i)",
    '  const ds = await openDataset(store)',
    "  const { data } = await ds.read('v')",
    '  await ds.close()',
    '  expect(data[3]).toBe(3)',
    '  expect(scratch[0]).toBe(sum)',
    '  expect(words).toHaveLength(200)',
  ]
  if (t % 5 === 0) {
    lines.push(
      `  const own = await createDataset(join(dir, 't${t}.zarr'), spec)`,
      "  await own.write('v', new Float32Array(16).fill(7))",
      '  await own.close()',
    )
  }
  lines.push('})')
  return lines.join('\n')
}

/** The many-small-files shape: a file of trivial tests that import nothing of leakguard. */
function trivialFile(file, tests) {
  const bodies = Array.from(
    { length: tests },
    (_, t) => `test('f${file} t${t}', () => {\n  expect(${t} + 1).toBe(${t + 1})\n})`,
  )
  return `import { expect, test } from 'vitest'\n\n${bodies.join('\n\n')}\n`
}

function testFile(file, tests) {
  const header = `import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDataset, openDataset } from 'leakguard'
import { afterAll, beforeAll, expect, test } from 'vitest'

const spec = { dims: { x: 16 }, variables: { v: { dtype: 'float32' as const, dims: ['x'] } } }
let dir = ''
let store = ''

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lg-bench-f${file}-'))
  store = join(dir, 'base.zarr')
  const ds = await createDataset(store, spec)
  await ds.write('v', Float32Array.from({ length: 16 }, (_, i) => i))
  await ds.close()
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))
`
  const bodies = Array.from({ length: tests }, (_, t) => testBody(file, t))
  return `${header}\n${bodies.join('\n\n')}\n`
}

/** Writes the suite, replacing any previous one, and returns its directory. */
export function generateSuite({
  dir = defaultSuiteDir,
  files = 20,
  tests = 50,
  trivial = false,
} = {}) {
  return writeSuite(dir, files, tests, trivial ? trivialFile : testFile)
}

/**
 * Writes a suite with the shared vitest.config.ts and `files` test files, each made by
 * `testFile(file, tests)`, replacing any previous one; returns its directory. Shared with
 * bench/io/generate.mjs.
 */
export function writeSuite(dir, files, tests, testFile) {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'vitest.config.ts'), suiteConfig)
  for (let f = 0; f < files; f++) writeFileSync(join(dir, `f${f}.test.ts`), testFile(f, tests))
  return dir
}

/** A generator's command line, `[--dir] [--files] [--tests]`, with its own defaults. */
export function generateFromCommandLine(generate, defaults) {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', default: defaults.dir },
      files: { type: 'string', default: String(defaults.files) },
      tests: { type: 'string', default: String(defaults.tests) },
    },
  })
  const dir = generate({
    dir: resolve(values.dir),
    files: Number(values.files),
    tests: Number(values.tests),
  })
  console.log(`wrote ${values.files} × ${values.tests} tests to ${dir}`)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  generateFromCommandLine(generateSuite, { dir: defaultSuiteDir, files: 20, tests: 50 })
}
