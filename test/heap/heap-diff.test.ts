import { beforeAll, describe, expect, test } from 'vitest'
import {
  formatHeapDiff,
  HeapDiff,
  type HeapDiffResult,
  heapDiffAround,
} from '../../src/memory/heap-diff/index.js'

const MB = 1024 * 1024

function row(result: HeapDiffResult, name: string) {
  return result.added.find((entry) => entry.constructor === name)
}

// A leak needs somewhere long-lived to go: this array exists before every diff, as a
// module-level cache would in a real suite, so only what is pushed into it is new.
const leaked: unknown[] = []

class Dataset {
  // 64 doubles, 512 bytes of elements: a plain array, so that Float64Array counts stay
  // those of the test below.
  readonly values = Array.from({ length: 64 }, (_, i) => i + 0.5)
}
class Transient {
  readonly values = new Float64Array(64)
}

describe('a diff around 10,000 small typed arrays, 2,000 datasets and freed garbage', () => {
  let result: HeapDiffResult
  beforeAll(async () => {
    leaked.length = 0
    const diff = new HeapDiff()
    await diff.ready
    for (let i = 0; i < 10_000; i++) leaked.push(new Float64Array(8))
    for (let i = 0; i < 2_000; i++) leaked.push(new Dataset())
    let garbage: Transient[] | undefined = Array.from({ length: 5_000 }, () => new Transient())
    expect(garbage).toHaveLength(5_000)
    garbage = undefined
    const ending = diff.end()
    // A second call does not take a third snapshot: it returns the same result.
    expect(diff.end()).toBe(ending)
    result = await ending
  })

  test('puts Float64Array on top with exactly 10,000 objects', () => {
    const top = result.added[0]
    expect(top?.constructor).toBe('Float64Array')
    expect(top?.count).toBe(10_000)
    // Each array holds 64 bytes of data; with its header, elements and ArrayBuffer
    // V8 reports about 250 bytes.
    expect(top?.bytes).toBeGreaterThan(10_000 * 64)
    expect(top?.bytes).toBeLessThan(10_000 * 512)
  })

  test('names a leaked class instance by its constructor', () => {
    const datasets = row(result, 'Dataset')
    expect(datasets?.count).toBe(2_000)
    // Each retains its own array of 64 doubles (512 bytes of elements).
    expect(datasets?.bytes).toBeGreaterThan(2_000 * 512)
    expect(datasets?.bytes).toBeLessThan(2_000 * 2_048)
    expect(datasets?.selfBytes).toBeLessThan(datasets?.bytes ?? 0)
  })

  test('leaves out objects allocated and freed in between', () => {
    expect(row(result, 'Transient')).toBeUndefined()
  })

  test('leaves out engine internals and its own bookkeeping', () => {
    const names = result.added.map((entry) => entry.constructor)
    expect(names).not.toContain('(array)')
    expect(names).not.toContain('system / JSArrayBufferData')
    expect(names).not.toContain('Uint32Array')
    expect(names).not.toContain('LeakguardHeapDiffState')
  })

  test('sizes both sides', () => {
    expect(result.after.nodes).toBeGreaterThan(result.before.nodes + 24_000)
    expect(result.after.bytes - result.before.bytes).toBeGreaterThan(10_000 * 64 + 2_000 * 512)
    expect(result.durationMs).toBeGreaterThan(0)
  })
})

test('a retained 64 MB Float64Array shows as 64 MB, through heapDiffAround', async () => {
  leaked.length = 0
  const { value, diff } = await heapDiffAround(() => {
    leaked.push(new Float64Array((64 * MB) / 8))
    return 'done'
  })
  expect(value).toBe('done')
  // The row, whatever else a busy process added around it; a failure prints the top rows.
  const lines = formatHeapDiff(diff, 3)
  expect(lines, lines.join('\n')).toContain('+1 Float64Array 64.0 MB')
  const top = diff.added.find((entry) => entry.constructor === 'Float64Array')
  expect(top?.count).toBe(1)
  expect(top?.bytes).toBeGreaterThan(64 * MB * 0.95)
  expect(top?.bytes).toBeLessThan(64 * MB * 1.05)
  leaked.length = 0
})
