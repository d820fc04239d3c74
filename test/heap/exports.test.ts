import { expect, test } from 'vitest'
import * as gcStats from '../../src/memory/gc-stats.js'
import * as heapDiff from '../../src/memory/heap-diff/index.js'
import * as heapSnapshot from '../../src/memory/heap-snapshot/index.js'

test('heap diff, snapshot reader and GC stats export exactly this (the package entry: test/exports.test.ts)', () => {
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
})
