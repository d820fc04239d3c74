import { Readable } from 'node:stream'
import { HeapSnapshotError, isHeapSnapshotError } from './errors.js'
import type { HeapSnapshotGraph, HeapSnapshotSummary } from './graph.js'
import {
  type NumericColumn,
  type NumericTarget,
  type ScannerSink,
  SnapshotScanner,
} from './scanner.js'

/**
 * Text of a snapshot: a `Readable` as `v8.getHeapSnapshot()` or `fs.createReadStream()`
 * return, or any async iterable of chunks.
 */
export type SnapshotSource = Readable | AsyncIterable<Uint8Array | string>

/** The parts of `snapshot.meta` the reader relies on, located by name, not position. */
interface Layout {
  nodeCount: number
  edgeCount: number
  nodeFieldCount: number
  edgeFieldCount: number
  nodeFields: { type: number; name: number; id: number; selfSize: number; edgeCount: number }
  edgeFields: { type: number; toNode: number }
  nodeTypeNames: string[]
  edgeTypeNames: string[]
}

function malformed(message: string): HeapSnapshotError {
  return new HeapSnapshotError('Malformed', `Malformed heap snapshot: ${message}`, 0)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function stringArray(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw malformed(`${what} is not a list of names`)
  }
  return value
}

function fieldIndex(fields: string[], name: string, what: string): number {
  const index = fields.indexOf(name)
  if (index === -1) throw malformed(`${what} has no "${name}" field`)
  return index
}

function count(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw malformed(`${what} is not a count`)
  }
  return value
}

function parseLayout(json: string): Layout {
  const header: unknown = JSON.parse(json)
  if (!isObject(header) || !isObject(header.meta)) throw malformed('"snapshot" has no "meta"')
  const meta = header.meta
  const nodeFields = stringArray(meta.node_fields, 'meta.node_fields')
  const edgeFields = stringArray(meta.edge_fields, 'meta.edge_fields')
  const nodeTypeField = fieldIndex(nodeFields, 'type', 'meta.node_fields')
  const edgeTypeField = fieldIndex(edgeFields, 'type', 'meta.edge_fields')
  const nodeTypes = Array.isArray(meta.node_types) ? meta.node_types[nodeTypeField] : undefined
  const edgeTypes = Array.isArray(meta.edge_types) ? meta.edge_types[edgeTypeField] : undefined
  return {
    nodeCount: count(header.node_count, 'snapshot.node_count'),
    edgeCount: count(header.edge_count, 'snapshot.edge_count'),
    nodeFieldCount: nodeFields.length,
    edgeFieldCount: edgeFields.length,
    nodeFields: {
      type: nodeTypeField,
      name: fieldIndex(nodeFields, 'name', 'meta.node_fields'),
      id: fieldIndex(nodeFields, 'id', 'meta.node_fields'),
      selfSize: fieldIndex(nodeFields, 'self_size', 'meta.node_fields'),
      edgeCount: fieldIndex(nodeFields, 'edge_count', 'meta.node_fields'),
    },
    edgeFields: {
      type: edgeTypeField,
      toNode: fieldIndex(edgeFields, 'to_node', 'meta.edge_fields'),
    },
    nodeTypeNames: stringArray(nodeTypes, 'meta.node_types[type]'),
    edgeTypeNames: stringArray(edgeTypes, 'meta.edge_types[type]'),
  }
}

function numericTarget(
  fieldCount: number,
  rows: number,
  wanted: ReadonlyMap<number, NumericColumn>,
  sumField = -1,
): NumericTarget {
  const columns: (NumericColumn | null)[] = []
  for (let f = 0; f < fieldCount; f++) columns.push(wanted.get(f) ?? null)
  return { fieldCount, rows, columns, sumField, sum: 0, values: 0 }
}

function checkComplete(target: NumericTarget | undefined, what: string): void {
  if (!target) throw malformed(`"${what}" is missing`)
  if (target.values !== target.rows * target.fieldCount) {
    throw malformed(
      `"${what}" holds ${target.values} numbers, expected ${target.rows * target.fieldCount}`,
    )
  }
}

/**
 * Feeds a stream's chunks one by one through 'data' events. Not `for await`: its
 * `read()` concatenates everything buffered into one copy, and `v8.getHeapSnapshot()`
 * buffers the whole snapshot text at once (Node serializes it in one synchronous call).
 */
function consume(stream: Readable, onChunk: (chunk: Uint8Array | string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.on('data', (chunk: Uint8Array | string) => {
      try {
        onChunk(chunk)
      } catch (error) {
        stream.destroy()
        reject(error)
      }
    })
    stream.once('end', resolve)
    stream.once('error', reject)
  })
}

async function scan(source: SnapshotSource, sink: ScannerSink) {
  const scanner = new SnapshotScanner(sink)
  try {
    if (source instanceof Readable) await consume(source, (chunk) => scanner.push(chunk))
    else for await (const chunk of source) scanner.push(chunk)
  } catch (error) {
    if (isHeapSnapshotError(error)) throw error
    throw new HeapSnapshotError(
      'ReadFailed',
      `Reading the heap snapshot failed after ${scanner.offset} bytes: ${String(error)}`,
      scanner.offset,
      { cause: error },
    )
  }
  scanner.finish()
}

/**
 * Reads a whole snapshot into a {@link HeapSnapshotGraph}, streaming.
 *
 * Cost: the graph's typed arrays (about 36 bytes per node, see {@link HeapSnapshotGraph})
 * plus the distinct strings; the text itself is never held whole.
 *
 * @throws {HeapSnapshotError} `malformed` or `read-failed`
 */
export async function readHeapSnapshotGraph(source: SnapshotSource): Promise<HeapSnapshotGraph> {
  let layout: Layout | undefined
  let nodes: NumericTarget | undefined
  let edges: NumericTarget | undefined
  let columns:
    | {
        nodeType: Uint8Array
        nodeName: Uint32Array
        nodeId: Uint32Array
        nodeSelfSize: Float64Array
        firstEdge: Uint32Array
        edgeType: Uint8Array
        edgeTo: Uint32Array
      }
    | undefined
  const strings: string[] = []
  await scan(source, {
    onHeader(json) {
      layout = parseLayout(json)
      const n = layout.nodeCount
      const e = layout.edgeCount
      // firstEdge first receives each node's edge count, then becomes their prefix sums.
      columns = {
        nodeType: new Uint8Array(n),
        nodeName: new Uint32Array(n),
        nodeId: new Uint32Array(n),
        nodeSelfSize: new Float64Array(n),
        firstEdge: new Uint32Array(n + 1),
        edgeType: new Uint8Array(e),
        edgeTo: new Uint32Array(e),
      }
    },
    targetFor(key) {
      if (key === 'strings') return 'strings'
      if (!layout || !columns) {
        if (key === 'nodes' || key === 'edges') throw malformed(`"${key}" comes before "snapshot"`)
        return undefined
      }
      const nf = layout.nodeFields
      if (key === 'nodes') {
        nodes = numericTarget(
          layout.nodeFieldCount,
          layout.nodeCount,
          new Map<number, NumericColumn>([
            [nf.type, columns.nodeType],
            [nf.name, columns.nodeName],
            [nf.id, columns.nodeId],
            [nf.selfSize, columns.nodeSelfSize],
            [nf.edgeCount, columns.firstEdge],
          ]),
          nf.selfSize,
        )
        return nodes
      }
      if (key === 'edges') {
        const ef = layout.edgeFields
        edges = numericTarget(
          layout.edgeFieldCount,
          layout.edgeCount,
          new Map<number, NumericColumn>([
            [ef.type, columns.edgeType],
            [ef.toNode, columns.edgeTo],
          ]),
        )
        return edges
      }
      return undefined
    },
    onString(value) {
      strings.push(value)
    },
  })
  checkComplete(nodes, 'nodes')
  checkComplete(edges, 'edges')
  if (!layout || !columns || !nodes) throw malformed('"snapshot" is missing')
  const { firstEdge, edgeTo } = columns
  let sum = 0
  for (let n = 0; n < layout.nodeCount; n++) {
    const edgesOfNode = firstEdge[n]!
    firstEdge[n] = sum
    sum += edgesOfNode
  }
  if (sum !== layout.edgeCount) {
    throw malformed(`node edge counts add up to ${sum}, "edge_count" says ${layout.edgeCount}`)
  }
  firstEdge[layout.nodeCount] = sum
  // V8 stores an edge's target as the offset of the node's first field; keep the index.
  const stride = layout.nodeFieldCount
  for (let e = 0; e < edgeTo.length; e++) {
    const offset = edgeTo[e]!
    const node = offset / stride
    if (!Number.isInteger(node) || node >= layout.nodeCount) {
      throw malformed(`edge ${e} points at node field offset ${offset}, outside "nodes"`)
    }
    edgeTo[e] = node
  }
  return {
    ...columns,
    nodeCount: layout.nodeCount,
    edgeCount: layout.edgeCount,
    nodeTypeNames: layout.nodeTypeNames,
    edgeTypeNames: layout.edgeTypeNames,
    strings,
    totalSelfSize: nodes.sum,
  }
}

/**
 * Reads only the node ids and the total size of a snapshot: what the "before" side of a
 * heap diff needs. Edges and strings are scanned but not kept.
 *
 * Cost: 4 bytes per node.
 *
 * @throws {HeapSnapshotError} `malformed` or `read-failed`
 */
export async function readHeapSnapshotSummary(
  source: SnapshotSource,
): Promise<HeapSnapshotSummary> {
  let layout: Layout | undefined
  let nodes: NumericTarget | undefined
  let ids: Uint32Array | undefined
  await scan(source, {
    onHeader(json) {
      layout = parseLayout(json)
      ids = new Uint32Array(layout.nodeCount)
    },
    targetFor(key) {
      if (key !== 'nodes') return undefined
      if (!layout || !ids) throw malformed('"nodes" comes before "snapshot"')
      const nf = layout.nodeFields
      nodes = numericTarget(
        layout.nodeFieldCount,
        layout.nodeCount,
        new Map([[nf.id, ids]]),
        nf.selfSize,
      )
      return nodes
    },
    onString() {},
  })
  checkComplete(nodes, 'nodes')
  if (!layout || !ids || !nodes) throw malformed('"snapshot" is missing')
  ids.sort()
  return { nodeCount: layout.nodeCount, totalSelfSize: nodes.sum, ids }
}
