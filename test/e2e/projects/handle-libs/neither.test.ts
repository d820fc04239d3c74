import { expect, test } from 'vitest'

// Imports neither h5wasm nor DuckDB. With vitest's default pool and isolation (forks, one
// worker per file) this file has a worker of its own, which must not load either library
// just because the project has it. (In `threads` every file shares one process.)
test('a file that imports neither library loads neither', () => {
  const report = process.report.getReport() as { sharedObjects: string[] }
  expect(report.sharedObjects.filter((file) => /duckdb/i.test(file))).toEqual([])
})
