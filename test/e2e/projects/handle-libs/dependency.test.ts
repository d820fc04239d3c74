import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { test } from 'vitest'

// A dependency under node_modules that imports DuckDB itself: vitest loads it natively, not
// through Vite, so the plugin does not see that import. In a worker where no file of the
// project imports DuckDB, the kind is then not installed and this leak is not caught (the
// README's stated limit). With the library imported in a setup file (HANDLE_LIBS_EAGER=1,
// the README's way to install the kinds eagerly), it is.
test('duckdb: a dependency opens a database itself and leaks it', async () => {
  const library = join(fileURLToPath(new URL('.', import.meta.url)), 'node_modules/duck-opener')
  mkdirSync(library, { recursive: true })
  writeFileSync(
    join(library, 'index.mjs'),
    "import { DuckDBInstance } from '@duckdb/node-api'\n" +
      "export const openScratch = () => DuckDBInstance.create(':memory:')\n",
  )
  const { openScratch } = (await import(pathToFileURL(join(library, 'index.mjs')).href)) as {
    openScratch: () => Promise<unknown>
  }
  await openScratch()
})
