// Writes the I/O-heavy benchmark's suite: `files` test files of `tests` tests each, every
// test opening small files 40 times: 16 FileHandles (`fs.promises.open`, read, close), 16
// `readFile`s and 8 read streams read to the end. At the defaults, 10 × 50 = 500 tests and
// 20,000 opens. The small files are written once per test file, in `beforeAll`. The
// suite's vitest.config.ts picks the variant from LG_BENCH_VARIANT (as bench/overhead's),
// so all variants run the very same files.
//
// Usage: node bench/io/generate.mjs [--dir tmp/bench-io-suite] [--files 10] [--tests 50]
import { join } from 'node:path'
import { generateFromCommandLine, repo, writeSuite } from '../overhead/generate.mjs'

/** Where the suite goes unless told otherwise. */
export const defaultIoSuiteDir = join(repo, 'tmp/bench-io-suite')

/** Opens per test, by API. */
export const opensPerTest = { fileHandle: 16, readFile: 16, stream: 8 }

const SMALL_FILES = 8
const SMALL_BYTES = 512

function testBody(file, t) {
  const { fileHandle, readFile, stream } = opensPerTest
  const total = fileHandle + readFile + stream
  return `test('f${file} t${t}', async () => {
  let bytes = 0
  for (let i = 0; i < ${fileHandle}; i++) {
    const fh = await open(paths[(${t} + i) % paths.length])
    bytes += (await fh.read(buffer, 0, buffer.length, 0)).bytesRead
    await fh.close()
  }
  for (let i = 0; i < ${readFile}; i++) bytes += (await readFile(paths[i % paths.length])).length
  for (let i = 0; i < ${stream}; i++) {
    for await (const chunk of createReadStream(paths[(${t} + i) % paths.length])) bytes += chunk.length
  }
  expect(bytes).toBe(${total * SMALL_BYTES})
})`
}

function testFile(file, tests) {
  const header = `import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { open, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'

const buffer = Buffer.alloc(${SMALL_BYTES})
let dir = ''
let paths: string[] = []

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lg-bench-io-f${file}-'))
  paths = Array.from({ length: ${SMALL_FILES} }, (_, i) => join(dir, \`small-\${i}.txt\`))
  for (const path of paths) writeFileSync(path, 'x'.repeat(${SMALL_BYTES}))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))
`
  const bodies = Array.from({ length: tests }, (_, t) => testBody(file, t))
  return `${header}\n${bodies.join('\n\n')}\n`
}

/** Writes the suite, replacing any previous one, and returns its directory. */
export function generateIoSuite({ dir = defaultIoSuiteDir, files = 10, tests = 50 } = {}) {
  return writeSuite(dir, files, tests, testFile)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  generateFromCommandLine(generateIoSuite, { dir: defaultIoSuiteDir, files: 10, tests: 50 })
}
