import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createDataset, type Dataset, type Selection } from '../../src/dataset/index.js'
import { normalizeSelection, rangeLength } from '../../src/dataset/selection.js'
import { useTempStores } from './temp-store.js'

const DIMS = ['a', 'b', 'c', 'd']

/** A shape of 1–4 dims of length 0–6, with a valid selection entry per dim. */
const shapeAndSelection = fc
  .array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 4 })
  .chain((shape) =>
    fc
      .tuple(
        ...shape.map((length) => {
          const bound = fc.integer({ min: -length, max: length })
          const slice = fc.record(
            { start: bound, stop: bound, step: fc.integer({ min: 1, max: 3 }) },
            { requiredKeys: [] },
          )
          const options = [fc.constant(null), slice]
          return length > 0
            ? fc.oneof(fc.integer({ min: -length, max: length - 1 }), ...options)
            : fc.oneof(...options)
        }),
      )
      .map((entries) => ({ shape, entries })),
  )

/** Python's `len(range(n)[slice])`, enumerated element by element. */
function bruteForceLength(length: number, entry: { start?: number; stop?: number; step?: number }) {
  const resolve = (v: number | undefined, fallback: number) =>
    v === undefined ? fallback : v < 0 ? v + length : v
  const start = resolve(entry.start, 0)
  const stop = resolve(entry.stop, length)
  let count = 0
  for (let i = start; i < stop; i += entry.step ?? 1) count++
  return count
}

describe('selection normalisation (property)', () => {
  test('the selected shape is what element-by-element enumeration gives, indices drop dims', () => {
    fc.assert(
      fc.property(shapeAndSelection, ({ shape, entries }) => {
        const dims = DIMS.slice(0, shape.length)
        const selection: Selection = Object.fromEntries(entries.map((e, i) => [dims[i], e]))
        const result = normalizeSelection({ path: '/p', variable: 'v', dims, shape }, selection)
        const expectedShape: number[] = []
        const expectedDims: string[] = []
        entries.forEach((entry, axis) => {
          if (typeof entry === 'number') return
          expectedShape.push(bruteForceLength(shape[axis] ?? 0, entry ?? {}))
          expectedDims.push(dims[axis] ?? '')
        })
        expect(result.shape).toEqual(expectedShape)
        expect(result.dims).toEqual(expectedDims)
        expect(result.size).toBe(expectedShape.reduce((a, b) => a * b, 1))
        for (const part of result.perDim) {
          if ('range' in part) expect(rangeLength(part.range)).toBeGreaterThanOrEqual(0)
        }
      }),
      { numRuns: 500 },
    )
  })
})

describe('selection reads (property, on a real store)', () => {
  const store = useTempStores()
  const shape = [4, 5, 6]
  const full = Float64Array.from({ length: 120 }, (_, i) => i)
  let ds: Dataset

  beforeAll(async () => {
    ds = await createDataset(store(), {
      dims: { a: 4, b: 5, c: 6 },
      variables: { v: { dtype: 'float64', dims: ['a', 'b', 'c'], chunks: [3, 2, 4] } },
    })
    await ds.write('v', full)
  })
  afterAll(async () => {
    await ds.close()
  })

  const entry = (length: number) =>
    fc.oneof(
      fc.constant(null),
      fc.integer({ min: -length, max: length - 1 }),
      fc.record(
        {
          start: fc.integer({ min: 0, max: length }),
          stop: fc.integer({ min: 0, max: length }),
          step: fc.integer({ min: 1, max: 3 }),
        },
        { requiredKeys: [] },
      ),
    )

  test('a read across chunk edges returns the C-order gather of the full array', async () => {
    await fc.assert(
      fc.asyncProperty(fc.tuple(entry(4), entry(5), entry(6)), async (entries) => {
        const selection: Selection = { a: entries[0], b: entries[1], c: entries[2] }
        const indices = entries.map((e, axis) => {
          const length = shape[axis] ?? 0
          if (e === null) return Array.from({ length }, (_, i) => i)
          if (typeof e === 'number') return [e < 0 ? e + length : e]
          const out: number[] = []
          for (let i = e.start ?? 0; i < (e.stop ?? length); i += e.step ?? 1) out.push(i)
          return out
        })
        const expected: number[] = []
        for (const i of indices[0] ?? [])
          for (const j of indices[1] ?? [])
            for (const k of indices[2] ?? []) {
              expected.push(full[i * 30 + j * 6 + k] ?? Number.NaN)
            }
        const { data } = await ds.read('v', selection)
        expect(Array.from(data)).toEqual(expected)
      }),
      { numRuns: 60 },
    )
  })
})
