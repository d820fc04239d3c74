import { getHeapSnapshot } from 'node:v8'
import { describe, expect, test } from 'vitest'
import {
  classNameOf,
  computeDominators,
  hasId,
  isHeapSnapshotError,
  readHeapSnapshotGraph,
  readHeapSnapshotSummary,
} from '../../src/memory/heap-snapshot/index.js'

const NODE_TYPES = [
  'hidden',
  'array',
  'string',
  'object',
  'code',
  'closure',
  'regexp',
  'number',
  'native',
  'synthetic',
  'concatenated string',
  'sliced string',
  'symbol',
  'bigint',
  'object shape',
]
const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak']
const T = Object.fromEntries(NODE_TYPES.map((name, i) => [name, i]))
const E = Object.fromEntries(EDGE_TYPES.map((name, i) => [name, i]))

// strings[0..] as V8 writes them; index 3 needs escapes, 4 is non-ASCII.
const STRINGS = ['', 'a', 'b', 'Quoted "name"\n', 'Dätaset ✓', 'C', 'system / JSArrayBufferData']

/**
 * A tiny graph with a known dominator tree. Self sizes are powers of two, so each
 * retained size names exactly which nodes it holds.
 *   root → A, root → B, A → C, B → C, A → D, D ⇢ E (weak), F → G; E, F unreachable.
 *   idom: A, B, C → root; D → A; E, F → root (adopted); G → F.
 */
const NODES: Array<[type: number, name: number, id: number, self: number, edges: number]> = [
  [T.synthetic!, 0, 1, 0, 2], // 0 root
  [T.object!, 3, 3, 10, 2], // 1 A
  [T.object!, 4, 5, 20, 1], // 2 B
  [T.object!, 5, 7, 40, 0], // 3 C
  [T.native!, 6, 9, 80, 1], // 4 D
  [T.string!, 1, 13, 160, 0], // 5 E
  [T.closure!, 2, 11, 320, 1], // 6 F
  [T.hidden!, 0, 15, 4_294_967_296 + 640, 0], // 7 G: a self size past 2^32
]
const EDGES: Array<[type: number, name: number, to: number]> = [
  [E.property!, 1, 1], // root → A
  [E.property!, 2, 2], // root → B
  [E.property!, 5, 3], // A → C
  [E.element!, 0, 4], // A → D
  [E.internal!, 5, 3], // B → C
  [E.weak!, 0, 5], // D ⇢ E
  [E.context!, 1, 7], // F → G
]

function snapshotJson(nodes = NODES, nodeCount = nodes.length): string {
  const fields = 7
  return JSON.stringify({
    snapshot: {
      meta: {
        node_fields: [
          'type',
          'name',
          'id',
          'self_size',
          'edge_count',
          'trace_node_id',
          'detachedness',
        ],
        node_types: [NODE_TYPES, 'string', 'number', 'number', 'number', 'number', 'number'],
        edge_fields: ['type', 'name_or_index', 'to_node'],
        edge_types: [EDGE_TYPES, 'string_or_number', 'node'],
      },
      node_count: nodeCount,
      edge_count: EDGES.length,
      trace_function_count: 0,
    },
    nodes: nodes.flatMap((n) => [...n, 0, 0]),
    edges: EDGES.flatMap(([type, name, to]) => [type, name, to * fields]),
    trace_function_infos: [],
    locations: [[1, 2], { nested: '"]}' }],
    strings: STRINGS,
  }).replaceAll('],', '],\n')
}

/** Delivers `text` in chunks of 1, 2, … `max` bytes, cutting UTF-8 sequences apart. */
async function* chunks(text: string, max: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8')
  let size = 1
  for (let i = 0; i < bytes.length; i += size, size = (size % max) + 1) {
    yield bytes.subarray(i, i + size)
  }
}

async function* failing(text: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(text.slice(0, 40))
  throw new Error('disk went away')
}

describe('readHeapSnapshotGraph', () => {
  test('reads every column, whatever the chunk boundaries', async () => {
    for (const max of [1, 3, 7, 4096]) {
      const graph = await readHeapSnapshotGraph(chunks(snapshotJson(), max))
      expect(graph.nodeCount).toBe(8)
      expect(graph.edgeCount).toBe(7)
      expect([...graph.nodeId]).toEqual([1, 3, 5, 7, 9, 13, 11, 15])
      expect([...graph.nodeSelfSize]).toEqual(NODES.map((n) => n[3]))
      expect([...graph.firstEdge]).toEqual([0, 2, 4, 5, 5, 6, 6, 7, 7])
      expect([...graph.edgeTo]).toEqual([1, 2, 3, 4, 3, 5, 7])
      expect([...graph.edgeType]).toEqual(EDGES.map((e) => e[0]))
      expect(graph.strings).toEqual(STRINGS)
      expect(graph.totalSelfSize).toBe(4_294_967_296 + 1270)
    }
  })

  test('names groups as DevTools does', async () => {
    const graph = await readHeapSnapshotGraph(chunks(snapshotJson(), 4096))
    expect([...Array(8).keys()].map((n) => classNameOf(graph, n))).toEqual([
      '(synthetic)',
      'Quoted "name"\n',
      'Dätaset ✓',
      'C',
      'system / JSArrayBufferData',
      '(string)',
      '(closure)',
      '(system)',
    ])
  })

  test('says which count does not match', async () => {
    const error = await readHeapSnapshotGraph(chunks(snapshotJson(NODES, 9), 4096)).catch(
      (e: unknown) => e,
    )
    expect(isHeapSnapshotError(error, 'Malformed')).toBe(true)
    expect((error as Error).message).toBe(
      'Malformed heap snapshot: "nodes" holds 56 numbers, expected 63',
    )
  })

  test('rejects text that ends early', async () => {
    const text = snapshotJson()
    const error = await readHeapSnapshotGraph(chunks(text.slice(0, -20), 4096)).catch(
      (e: unknown) => e,
    )
    expect(isHeapSnapshotError(error, 'Malformed')).toBe(true)
    expect((error as Error).message).toBe('Malformed heap snapshot: the snapshot text ended early')
  })

  test('keeps the cause when the stream fails', async () => {
    const error = await readHeapSnapshotGraph(failing(snapshotJson())).catch((e: unknown) => e)
    expect(isHeapSnapshotError(error, 'ReadFailed')).toBe(true)
    expect((error as Error).message).toBe(
      'Reading the heap snapshot failed after 40 bytes: Error: disk went away',
    )
    expect(((error as Error).cause as Error).message).toBe('disk went away')
  })
})

test('readHeapSnapshotSummary keeps sorted ids and the total size', async () => {
  const summary = await readHeapSnapshotSummary(chunks(snapshotJson(), 5))
  expect(summary.nodeCount).toBe(8)
  expect([...summary.ids]).toEqual([1, 3, 5, 7, 9, 11, 13, 15])
  expect(summary.totalSelfSize).toBe(4_294_967_296 + 1270)
  expect(hasId(summary, 13)).toBe(true)
  expect(hasId(summary, 17)).toBe(false)
})

test('computeDominators: weak edges do not retain, unreachable nodes hang off the root', async () => {
  const graph = await readHeapSnapshotGraph(chunks(snapshotJson(), 4096))
  const { idom, retainedSize } = computeDominators(graph)
  expect([...idom]).toEqual([0, 0, 0, 0, 1, 0, 0, 6])
  const big = 4_294_967_296
  expect([...retainedSize]).toEqual([big + 1270, 90, 20, 40, 80, 160, big + 960, big + 640])
})

test('a real snapshot of this process reads whole: the root retains every byte', async () => {
  const graph = await readHeapSnapshotGraph(getHeapSnapshot())
  expect(graph.nodeCount).toBeGreaterThan(10_000)
  expect(graph.firstEdge[graph.nodeCount]).toBe(graph.edgeCount)
  expect(graph.strings[graph.nodeName[0]!]).toBe('')
  const { retainedSize } = computeDominators(graph)
  expect(retainedSize[0]).toBe(graph.totalSelfSize)
})
