import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'

// Benchmarks are not timed here: each runs at a tiny size (`--smoke`) only to show it
// still runs against the current dist/ and prints a well-formed table.
const run = promisify(execFile)
const repo = resolve(import.meta.dirname, '../..')

/** The Markdown tables in a benchmark's output, each as rows of trimmed cells. */
function tables(output: string): string[][][] {
  const found: string[][][] = []
  let current: string[][] | null = null
  for (const line of output.split('\n')) {
    if (line.startsWith('|')) {
      const cells = line.slice(1, line.endsWith('|') ? -1 : undefined).split('|')
      current ??= []
      current.push(cells.map((cell) => cell.trim()))
    } else if (current) {
      found.push(current)
      current = null
    }
  }
  if (current) found.push(current)
  return found
}

async function smoke(name: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['bench/run-all.mjs', '--smoke', '--only', name], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  })
  return stdout
}

describe('benchmarks in smoke mode', () => {
  test.each([
    [
      'probes',
      [
        'handles.track + release (with stack capture)',
        'peak reset (clear_refs write)',
        'forced GC',
      ],
    ],
    ['per-test', ['empty loop of the same shape', 'leakguard defaults', 'leakguard gc: true']],
    ['peak', ['20 MB']],
    ['gc-sweep', ['gc()', 'getForcedGc()']],
    [
      'library-kinds',
      [
        'install hdf5 + duckdb, project without them',
        'install hdf5, project with h5wasm',
        'install duckdb, project with @duckdb/node-api',
        'h5wasm new File() + close(), tracked',
        'handles.track + release alone',
      ],
    ],
    ['overhead', ['plain vitest', 'leakguard() defaults']],
    ['small-files', ['plain vitest', 'leakguard() defaults']],
    ['io', ['plain vitest', 'leakguard() defaults']],
    [
      'main-hooks',
      ['import leakguard/plugin', 'plugin config', 'plugin resolveId', 'reporter onTestRunEnd'],
    ],
    ['runner-resolve', ['test.runner', 'its sibling']],
  ])(
    '%s prints its command and a table with a row for each of %j',
    async (name, rowNames) => {
      const output = await smoke(name)
      expect(output).toContain(`## ${name}`)
      expect(output).toMatch(/npm run build && node bench\/\S+\.mjs/)
      const [table] = tables(output)
      expect(table, output).toBeDefined()
      const [header, separator, ...rows] = table ?? []
      expect(separator?.every((cell) => /^-{3,}$/.test(cell))).toBe(true)
      for (const row of rows) expect(row).toHaveLength(header?.length ?? 0)
      for (const expected of rowNames) {
        expect(
          rows.some((row) => row[0]?.startsWith(expected)),
          `${expected} in\n${output}`,
        ).toBe(true)
      }
      // Every figure is a number: a NaN or undefined means a benchmark lost its data.
      expect(output).not.toMatch(/NaN|undefined|Infinity/)
    },
    60_000,
  )

  test('the registry benchmark prints its medians and ratio', async () => {
    const output = await smoke('registry')
    expect(output).toMatch(
      /registry track\+release \(objects\)\s+on\s+[\d.]+ ms\s+off\s+[\d.]+ ms\s+ratio [\d.]+×/,
    )
  }, 60_000)

  test('an unknown benchmark name is refused, naming the known ones', async () => {
    await expect(smoke('nope')).rejects.toThrow(
      /unknown benchmark in --only nope: probes,per-test,peak/,
    )
  })
})
