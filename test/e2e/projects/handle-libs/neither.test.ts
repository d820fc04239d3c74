import { expect, test } from 'vitest'

// Imports neither h5wasm nor DuckDB: with vitest's default isolation this file runs in a
// worker of its own, which must not load either library just because the project has it.
test('a file that imports neither library loads neither', () => {
  const report = process.report.getReport() as { sharedObjects: string[] }
  expect(report.sharedObjects.filter((file) => /duckdb/i.test(file))).toEqual([])
})
