import { expect, test } from 'vitest'
import * as library from '../../src/index.js'
import * as gcStats from '../../src/memory/gc-stats.js'
import * as heapDiff from '../../src/memory/heap-diff/index.js'
import * as heapSnapshot from '../../src/memory/heap-snapshot/index.js'

test('heap diff, snapshot reader and GC stats export exactly this, also from the package entry', () => {
  const api = { ...gcStats, ...heapDiff, ...heapSnapshot }
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "GcStats",
      "HeapDiff",
      "HeapSnapshotError",
      "classNameOf",
      "computeDominators",
      "formatHeapDiff",
      "hasId",
      "heapDiffAround",
      "isHeapSnapshotError",
      "readHeapSnapshotGraph",
      "readHeapSnapshotSummary",
    ]
  `)
  const entry = new Map(Object.entries(library))
  for (const [name, value] of Object.entries(api)) expect(entry.get(name), name).toBe(value)
})
