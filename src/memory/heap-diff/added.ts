import type { Dominators } from '../heap-snapshot/dominators.js'
import {
  classNameOf,
  type HeapSnapshotGraph,
  type HeapSnapshotSummary,
  hasId,
} from '../heap-snapshot/graph.js'

/**
 * One constructor's share of what a heap diff found allocated and still alive.
 *
 * `bytes` is the retained size: the self size of the group's new objects plus everything
 * they alone keep alive (dominate), such as a typed array's backing store, which V8
 * reports as a separate `system / JSArrayBufferData` native node. A new object retained
 * through another new object of the same constructor is counted once (a linked list of
 * 1,000 new nodes is its head's retained size, not the sum of 1,000 suffixes). Rows of
 * different constructors overlap: a new `Array` holding new `Float64Array`s includes
 * their bytes in its own row, as DevTools' "Retained Size" column does.
 */
export interface HeapDiffEntry {
  /** Constructor name for objects (`Float64Array`, `Dataset`); `(string)` etc. otherwise. */
  readonly constructor: string
  /** How many objects of this constructor are in "after" but not in "before". */
  readonly count: number
  /** Retained bytes of those objects, see {@link HeapDiffEntry}. */
  readonly bytes: number
  /** Sum of the objects' own sizes, in bytes, without anything they point to. */
  readonly selfBytes: number
}

/** How {@link groupAdded} chooses rows. */
export interface GroupOptions {
  /**
   * Nodes dominated by an object with this constructor name are skipped with it: that is
   * how a diff leaves out its own state.
   */
  readonly excludeConstructor: string
  /** Give V8 and Node internals rows of their own (see {@link isInternalNode}). */
  readonly internals: boolean
}

/**
 * Whether a node is an engine internal rather than a value JS code can hold: V8's hidden
 * nodes, internal arrays such as `(object elements)`, compiled code, object shapes,
 * synthetic roots, native nodes (a buffer's bytes, Node's C++ objects) and `system / …`
 * objects such as closure contexts. Their bytes still count in the retained size of
 * the JS object that holds them; only their own rows are left out by default, so that a
 * leak of 10,000 `Float64Array` reads as such and not as 10,000 `(array)` elements.
 */
function isInternalNode(graph: HeapSnapshotGraph, node: number): boolean {
  const type = graph.nodeTypeNames[graph.nodeType[node]!]
  switch (type) {
    case 'hidden':
    case 'array':
    case 'code':
    case 'synthetic':
    case 'object shape':
    case 'native':
      return true
    case 'object':
      return (graph.strings[graph.nodeName[node]!] ?? '').startsWith('system / ')
    default:
      return false
  }
}

/**
 * Groups the nodes of `after` whose ids are not in `before` by constructor, with their
 * counts, self sizes and retained sizes (see {@link HeapDiffEntry}), sorted by retained
 * bytes, then count, then name.
 */
export function groupAdded(
  before: HeapSnapshotSummary,
  after: HeapSnapshotGraph,
  dominators: Dominators,
  options: GroupOptions,
): HeapDiffEntry[] {
  const n = after.nodeCount
  const names: string[] = []
  const classIds = new Map<string, number>()
  // Class of each new node, -1 for nodes that were already in "before".
  const classOf = new Int32Array(n).fill(-1)
  const excludedName = after.strings.indexOf(options.excludeConstructor)
  const objectType = after.nodeTypeNames.indexOf('object')
  const excluded = (node: number): boolean =>
    after.nodeName[node] === excludedName && after.nodeType[node] === objectType
  for (let node = 0; node < n; node++) {
    if (hasId(before, after.nodeId[node]!)) continue
    if (!options.internals && isInternalNode(after, node)) continue
    const name = classNameOf(after, node)
    let id = classIds.get(name)
    if (id === undefined) {
      id = names.length
      names.push(name)
      classIds.set(name, id)
    }
    classOf[node] = id
  }

  // Children lists of the dominator tree (counting sort on the immediate dominator).
  const { idom, retainedSize } = dominators
  const childStart = new Uint32Array(n + 1)
  for (let node = 1; node < n; node++) childStart[idom[node]! + 1]!++
  for (let i = 0; i < n; i++) childStart[i + 1]! += childStart[i]!
  const fill = childStart.slice(0, n)
  const children = new Uint32Array(Math.max(0, n - 1))
  for (let node = 1; node < n; node++) children[fill[idom[node]!]!++] = node

  // Walk the dominator tree; onPath[c] counts new nodes of class c above the current one.
  const count = new Float64Array(names.length)
  const self = new Float64Array(names.length)
  const retained = new Float64Array(names.length)
  const onPath = new Uint32Array(names.length)
  const stackNode = new Uint32Array(n)
  const stackChild = new Uint32Array(n)
  let top = 0
  stackNode[0] = 0
  stackChild[0] = childStart[0]!
  while (top >= 0) {
    const node = stackNode[top]!
    const next = stackChild[top]!
    if (next < childStart[node + 1]!) {
      stackChild[top] = next + 1
      const child = children[next]!
      if (excluded(child)) continue
      const c = classOf[child]!
      if (c >= 0) {
        count[c]!++
        self[c]! += after.nodeSelfSize[child]!
        if (onPath[c] === 0) retained[c]! += retainedSize[child]!
        onPath[c]!++
      }
      top++
      stackNode[top] = child
      stackChild[top] = childStart[child]!
      continue
    }
    const c = classOf[node]!
    if (c >= 0 && top > 0) onPath[c]!--
    top--
  }

  const entries: HeapDiffEntry[] = []
  for (let c = 0; c < names.length; c++) {
    if (count[c] === 0) continue
    entries.push({
      constructor: names[c]!,
      count: count[c]!,
      bytes: retained[c]!,
      selfBytes: self[c]!,
    })
  }
  return entries.sort(
    (a, b) =>
      b.bytes - a.bytes ||
      b.count - a.count ||
      (a.constructor < b.constructor ? -1 : a.constructor > b.constructor ? 1 : 0),
  )
}
