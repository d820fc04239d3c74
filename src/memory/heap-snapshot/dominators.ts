import type { HeapSnapshotGraph } from './graph.js'

/**
 * The dominator tree of a snapshot and each node's retained size.
 *
 * Node `d` dominates `n` when every path from the root to `n` passes through `d`; the
 * retained size of `d` is the self size of everything it dominates, itself included:
 * what the GC would free if `d` alone became unreachable. It is the "Retained Size"
 * column of Chrome DevTools, computed the same way:
 * - weak edges are not paths (a weak reference does not keep anything alive);
 * - shortcut edges count only from the root (V8 uses them to mark user roots);
 * - nodes the root cannot reach are treated as the root's direct children.
 */
export interface Dominators {
  /** Immediate dominator of each node (node index); the root's is itself. */
  readonly idom: Uint32Array
  /** Retained size of each node, in bytes. */
  readonly retainedSize: Float64Array
  /** Nodes in post-order of the DFS: every node comes before its dominator. */
  readonly postOrder: Uint32Array
}

const NONE = 0xffffffff

/**
 * Computes dominators with the iterative algorithm of Cooper, Harvey and Kennedy
 * ("A Simple, Fast Dominance Algorithm", 2001): process nodes in reverse post-order,
 * intersect the dominators of each node's predecessors, repeat until nothing changes.
 * On heap graphs it settles in 2–3 passes over the edges.
 *
 * Memory: about 50 bytes per node plus 4 per edge (the reverse edges), transient apart
 * from the 16 bytes per node returned (`idom`, `retainedSize`; `postOrder` is 4 more).
 */
export function computeDominators(graph: HeapSnapshotGraph, root = 0): Dominators {
  const { nodeCount, firstEdge, edgeTo, edgeType } = graph
  const weak = graph.edgeTypeNames.indexOf('weak')
  const shortcut = graph.edgeTypeNames.indexOf('shortcut')
  const follows = (from: number, e: number): boolean => {
    const t = edgeType[e]!
    return t !== weak && (t !== shortcut || from === root)
  }

  // 1. Iterative DFS from the root; unreachable nodes are adopted by the root.
  const postIndex = new Uint32Array(nodeCount).fill(NONE)
  const postOrder = new Uint32Array(nodeCount)
  const adopted = new Uint8Array(nodeCount)
  const stackNode = new Uint32Array(nodeCount)
  const stackEdge = new Uint32Array(nodeCount)
  const visited = new Uint8Array(nodeCount)
  let post = 0
  let top = 0
  let nextUnvisited = 0
  stackNode[0] = root
  stackEdge[0] = firstEdge[root]!
  visited[root] = 1
  while (top >= 0) {
    const node = stackNode[top]!
    const end = firstEdge[node + 1]!
    let e = stackEdge[top]!
    let child = NONE
    for (; e < end; e++) {
      const to = edgeTo[e]!
      if (visited[to] === 0 && follows(node, e)) {
        child = to
        e++
        break
      }
    }
    stackEdge[top] = e
    if (child === NONE && top === 0) {
      // The root's own edges are done: adopt the next node it could not reach.
      while (nextUnvisited < nodeCount && visited[nextUnvisited] !== 0) nextUnvisited++
      if (nextUnvisited < nodeCount) {
        child = nextUnvisited
        adopted[child] = 1
      }
    }
    if (child !== NONE) {
      visited[child] = 1
      top++
      stackNode[top] = child
      stackEdge[top] = firstEdge[child]!
      continue
    }
    postIndex[node] = post
    postOrder[post++] = node
    top--
  }

  // 2. Predecessors (reverse edges), in post-order index space.
  const predStart = new Uint32Array(nodeCount + 1)
  for (let from = 0; from < nodeCount; from++) {
    for (let e = firstEdge[from]!; e < firstEdge[from + 1]!; e++) {
      if (follows(from, e)) predStart[postIndex[edgeTo[e]!]! + 1]!++
    }
  }
  for (let i = 0; i < nodeCount; i++) predStart[i + 1]! += predStart[i]!
  const fill = predStart.slice(0, nodeCount)
  const preds = new Uint32Array(predStart[nodeCount]!)
  for (let from = 0; from < nodeCount; from++) {
    const fromPost = postIndex[from]!
    for (let e = firstEdge[from]!; e < firstEdge[from + 1]!; e++) {
      if (follows(from, e)) preds[fill[postIndex[edgeTo[e]!]!]!++] = fromPost
    }
  }

  // 3. Cooper–Harvey–Kennedy, all in post-order indices (the root is the last one).
  const rootPost = nodeCount - 1
  const dom = new Uint32Array(nodeCount).fill(NONE)
  dom[rootPost] = rootPost
  let changed = true
  while (changed) {
    changed = false
    for (let p = rootPost - 1; p >= 0; p--) {
      let idom = adopted[postOrder[p]!] === 1 ? rootPost : NONE
      for (let k = predStart[p]!; k < predStart[p + 1]!; k++) {
        let a = preds[k]!
        if (dom[a] === NONE) continue
        if (idom === NONE) {
          idom = a
          continue
        }
        let b = idom
        while (a !== b) {
          while (a < b) a = dom[a]!
          while (b < a) b = dom[b]!
        }
        idom = a
      }
      if (dom[p] !== idom) {
        dom[p] = idom
        changed = true
      }
    }
  }

  // 4. Retained sizes: children come before their dominator in post-order.
  const retainedSize = new Float64Array(nodeCount)
  for (let p = 0; p < nodeCount; p++) retainedSize[p] = graph.nodeSelfSize[postOrder[p]!]!
  for (let p = 0; p < rootPost; p++) retainedSize[dom[p]!]! += retainedSize[p]!
  // Back from post-order indices to node indices.
  const idom = new Uint32Array(nodeCount)
  const retainedByNode = new Float64Array(nodeCount)
  for (let p = 0; p < nodeCount; p++) {
    const node = postOrder[p]!
    idom[node] = postOrder[dom[p]!]!
    retainedByNode[node] = retainedSize[p]!
  }
  return { idom, retainedSize: retainedByNode, postOrder }
}
