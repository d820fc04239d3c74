export type { HeapDiffEntry } from './added.js'
export { formatHeapDiff } from './format.js'
export {
  HeapDiff,
  type HeapDiffOptions,
  type HeapDiffResult,
  type HeapSideSummary,
  heapDiffAround,
} from './heap-diff.js'
export type { SnapshotVia } from './take-snapshot.js'
