import { handles } from 'leakguard'
import { test } from 'leakguard/fixtures'

// Module level, so what the first test keeps outlives it: 10,000 × 64 bytes of data plus
// each typed array's own objects, well over the 1 MB limit (2.6 MB measured).
const kept: Float64Array[] = []

test('keeps 10,000 Float64Array', ({ memory }) => {
  memory.limitRetainedMemory('1 MB')
  for (let i = 0; i < 10_000; i++) kept.push(new Float64Array(8))
})

test('stays under the limit', ({ memory }) => {
  memory.limitRetainedMemory('1 MB')
  const scratch: Float64Array[] = []
  for (let i = 0; i < 10_000; i++) scratch.push(new Float64Array(8))
  scratch.length = 0
})

test('leaves a handle open', () => {
  handles.track({ name: 'never closed' }, { kind: 'dataset', label: 'open.zarr' })
})
