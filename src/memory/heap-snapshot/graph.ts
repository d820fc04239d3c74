/**
 * A heap snapshot held as typed arrays: one entry per node or edge in each column, no
 * JS object per node. Node `0` is V8's synthetic root.
 *
 * Memory: 21 bytes per node (type 1, name 4, id 4, self size 8, first edge 4) plus 5
 * bytes per edge (type 1, target 4), plus the snapshot's distinct strings. A snapshot of
 * a heap of small objects has roughly 3 edges per node, so this is about 36 bytes per
 * node, against roughly 60–100 bytes of snapshot JSON text per node.
 */
export interface HeapSnapshotGraph {
  readonly nodeCount: number
  readonly edgeCount: number
  /** Node type names, indexed by {@link HeapSnapshotGraph.nodeType} (`'object'`, `'native'`…). */
  readonly nodeTypeNames: readonly string[]
  /** Edge type names, indexed by {@link HeapSnapshotGraph.edgeType} (`'weak'`, `'shortcut'`…). */
  readonly edgeTypeNames: readonly string[]
  readonly nodeType: Uint8Array
  /** Index into {@link HeapSnapshotGraph.strings}: the constructor name for objects. */
  readonly nodeName: Uint32Array
  /** V8's object id, stable for one object across snapshots of one isolate. */
  readonly nodeId: Uint32Array
  readonly nodeSelfSize: Float64Array
  /** Edges of node `n` are `firstEdge[n]` up to (excluding) `firstEdge[n + 1]`. */
  readonly firstEdge: Uint32Array
  readonly edgeType: Uint8Array
  /** Target node index of each edge (not V8's field offset). */
  readonly edgeTo: Uint32Array
  readonly strings: readonly string[]
  /** Sum of all self sizes, in bytes. */
  readonly totalSelfSize: number
}

/**
 * What is kept of a snapshot that only serves as the "before" side of a diff: its size
 * and the sorted ids of its nodes (4 bytes per node).
 */
export interface HeapSnapshotSummary {
  readonly nodeCount: number
  readonly totalSelfSize: number
  /** Node ids, sorted ascending, for {@link hasId}. */
  readonly ids: Uint32Array
}

/** Binary search in a summary's sorted ids. */
export function hasId(summary: HeapSnapshotSummary, id: number): boolean {
  const ids = summary.ids
  let lo = 0
  let hi = ids.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const value = ids[mid]!
    if (value === id) return true
    if (value < id) lo = mid + 1
    else hi = mid - 1
  }
  return false
}

/**
 * The group a node is counted under, as the "Constructor" column of Chrome DevTools'
 * summary view names it: objects and native nodes by their name (the constructor, e.g.
 * `Float64Array`, `Dataset`, or `system / JSArrayBufferData` for a buffer's bytes);
 * every other kind by its type in parentheses (`(string)`, `(closure)`, `(array)` for
 * V8-internal arrays, `(system)` for hidden nodes).
 */
export function classNameOf(graph: HeapSnapshotGraph, node: number): string {
  const type = graph.nodeTypeNames[graph.nodeType[node]!] ?? 'unknown'
  switch (type) {
    case 'object':
    case 'native':
      return graph.strings[graph.nodeName[node]!] ?? '(unknown)'
    case 'hidden':
      return '(system)'
    case 'concatenated string':
    case 'sliced string':
      return '(string)'
    default:
      return `(${type})`
  }
}
