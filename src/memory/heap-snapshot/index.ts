export { computeDominators, type Dominators } from './dominators.js'
export { HeapSnapshotError, type HeapSnapshotErrorTag, isHeapSnapshotError } from './errors.js'
export { classNameOf, type HeapSnapshotGraph, type HeapSnapshotSummary, hasId } from './graph.js'
export {
  readHeapSnapshotGraph,
  readHeapSnapshotSummary,
  type SnapshotSource,
} from './reader.js'
