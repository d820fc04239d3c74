import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { File, ready } from 'h5wasm/node'

await ready

/** A fresh directory for this file's data. */
export const dir = mkdtempSync(join(tmpdir(), 'leakguard-handle-libs-'))

/** An HDF5 file with one dataset, written and closed, for the tests to open. */
export function seedHdf5(name: string): string {
  const path = join(dir, name)
  const file = new File(path, 'w')
  file.create_dataset({ name: 'temperature', data: new Float32Array([11.5, 12, 9.25]) })
  file.close()
  return path
}

/**
 * A tiny "library" installed under a node_modules folder, as a dependency of the project
 * would be: it opens the file itself, so the open site must be the test's line that called it.
 */
export async function libraryThatOpens(): Promise<(file: typeof File, path: string) => File> {
  const library = join(dir, 'node_modules/h5-reader')
  mkdirSync(library, { recursive: true })
  writeFileSync(
    join(library, 'index.mjs'),
    'export function openForReading(File, path) {\n  return new File(path, "r")\n}\n',
  )
  const { openForReading } = (await import(pathToFileURL(join(library, 'index.mjs')).href)) as {
    openForReading: (file: typeof File, path: string) => File
  }
  return openForReading
}
