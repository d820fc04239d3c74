import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { File } from 'h5wasm/node'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type HandleRecord, handles, ownerContext } from '../../../src/handles/index.js'
import { hdf5Kind } from '../../../src/handles/kinds/hdf5.js'
import { importFromRoot } from '../../../src/handles/kinds/import-from-root.js'
import { lineOf as lineIn } from '../../support/line-of.js'
import { contextFor, openOfKind, repoRoot } from './root-import.js'

const here = fileURLToPath(import.meta.url)
const dir = mkdtempSync(join(tmpdir(), 'leakguard-hdf5-'))
let uninstall: () => void

/** `line` (1-based) of the first line of this file containing `text`. */
const lineOf = (text: string): number => lineIn(here, text)

const openHdf5 = (): HandleRecord[] => openOfKind('hdf5')

beforeAll(async () => {
  uninstall = await hdf5Kind.install(contextFor(repoRoot))
  // A file with one dataset, for the read-only opens below.
  const seed = new File(join(dir, 'seed.h5'), 'w')
  seed.create_dataset({ name: 'temperature', data: new Float32Array([1, 2, 3]) })
  seed.close()
})

afterAll(() => {
  uninstall()
  rmSync(dir, { recursive: true, force: true })
})

describe('hdf5 kind (h5wasm/node, the copy the project resolves)', () => {
  test('new File() is tracked with its path, mode, owner and the line that called it', () => {
    const path = join(dir, 'seed.h5')
    const file = ownerContext.run('test:hdf5', () => new File(path, 'r')) // open: read-only
    const [record] = openHdf5()
    expect(record).toMatchObject({
      kind: 'hdf5',
      label: `${path} (mode r)`,
      owner: 'test:hdf5',
      fix: expect.stringMatching(/^close it with `file\.close\(\)`/),
      openSite: { file: here, line: lineOf('// open: read-only') },
    })
    expect(file.get('temperature')).toBeDefined()
    expect(file.close()).toBe(0)
    expect(openHdf5()).toEqual([])
  })

  test('a file written and reopened: each open is its own handle, each close releases it', () => {
    const path = join(dir, 'written.nc')
    const writer = new File(path, 'w')
    const reader = new File(join(dir, 'seed.h5'), 'r')
    expect(openHdf5().map((record) => record.label)).toEqual([
      `${path} (mode w)`,
      `${join(dir, 'seed.h5')} (mode r)`,
    ])
    writer.close()
    expect(openHdf5().map((record) => record.label)).toEqual([`${join(dir, 'seed.h5')} (mode r)`])
    reader.close()
    expect(openHdf5()).toEqual([])
  })

  test('a failed open tracks nothing, and a second close does not release another file', () => {
    // h5wasm does not throw for a missing file: it returns a File whose id is HDF5's -1.
    expect(new File(join(dir, 'missing.h5'), 'r').file_id).toBe(-1n)
    expect(openHdf5()).toEqual([])
    const file = new File(join(dir, 'seed.h5'), 'r')
    file.close()
    const other = new File(join(dir, 'seed.h5'), 'r')
    // h5wasm returns HDF5's negative status for a close of a closed id (and prints it).
    expect(file.close()).toBeLessThan(0)
    expect(openHdf5()).toHaveLength(1)
    other.close()
  })

  test('opened inside a library (node_modules): the open site is the user line that called in', async () => {
    const library = join(dir, 'node_modules/h5-helper')
    mkdirSync(library, { recursive: true })
    writeFileSync(
      join(library, 'index.mjs'),
      'export function openForReading(File, path) {\n  return new File(path, "r")\n}\n',
    )
    const { openForReading } = (await import(pathToFileURL(join(library, 'index.mjs')).href)) as {
      openForReading: (file: typeof File, path: string) => File
    }
    const file = openForReading(File, join(dir, 'seed.h5')) // open: through the library
    const [record] = openHdf5()
    expect(record?.openSite).toEqual({
      file: here,
      line: lineOf('// open: through the library'),
      column: expect.any(Number),
    })
    // The library's frame is kept in the stack, above the user's.
    expect(record?.stack).toMatch(/node_modules\/h5-helper\/index\.mjs:2:\d+[\s\S]*hdf5\.test\.ts/)
    file.close()
  })

  test('the fd h5wasm opens underneath is not a handle of its own (tracking is off during the open)', () => {
    const before = handles.size
    const file = new File(join(dir, 'seed.h5'), 'r')
    expect(handles.size).toBe(before + 1)
    file.close()
    expect(handles.size).toBe(before)
  })

  test('uninstalled: opens are no longer tracked', async () => {
    uninstall()
    const file = new File(join(dir, 'seed.h5'), 'r')
    expect(openHdf5()).toEqual([])
    file.close()
    uninstall = await hdf5Kind.install(contextFor(repoRoot))
  })

  test('a project without h5wasm: nothing is imported or wrapped', async () => {
    const imports: unknown[] = []
    const undo = await hdf5Kind.install(
      contextFor(dir, async (id) => {
        imports.push(await importFromRoot(dir, id))
        return imports.at(-1)
      }),
    )
    expect(imports).toEqual([undefined])
    const file = new File(join(dir, 'seed.h5'), 'r')
    // Tracked once, by the kind installed in beforeAll, not twice.
    expect(openHdf5()).toHaveLength(1)
    file.close()
    undo()
  })
})
