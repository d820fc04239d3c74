// Cost of handle tracking on the open path: 10,000 opens and closes with the registry
// on and off, alternated (A B A B …) in one process so machine noise hits both sides.
// Usage: npm run build && node bench/registry/run.mjs [--pairs 7] [--count 10000]
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import * as leakguard from '../../dist/src/index.js'

const { values } = parseArgs({
  options: { pairs: { type: 'string', default: '7' }, count: { type: 'string', default: '10000' } },
})
const pairs = Number(values.pairs)
const count = Number(values.count)
const { handles } = leakguard

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

async function timeRounds(label, body) {
  const on = []
  const off = []
  for (let i = 0; i < pairs; i++) {
    for (const enabled of i % 2 ? [false, true] : [true, false]) {
      handles.setEnabled(enabled)
      const start = process.hrtime.bigint()
      await body()
      const ms = Number(process.hrtime.bigint() - start) / 1e6
      ;(enabled ? on : off).push(ms)
    }
  }
  handles.setEnabled(true)
  const mOn = median(on)
  const mOff = median(off)
  console.log(
    `${label.padEnd(34)} on ${mOn.toFixed(1).padStart(8)} ms  off ${mOff.toFixed(1).padStart(8)} ms` +
      `  ratio ${(mOn / mOff).toFixed(2)}×  added ${(((mOn - mOff) / count) * 1000).toFixed(2)} µs/open`,
  )
}

console.log(`node ${process.version}, ${count} opens per round, ${pairs} pairs, medians`)

await timeRounds('registry track+release (objects)', () => {
  for (let i = 0; i < count; i++) {
    const resource = {}
    handles.track(resource, { kind: 'dataset', label: 'bench' })
    handles.release(resource)
  }
})

if (typeof leakguard.createDataset === 'function') {
  const dir = await mkdtemp(join(tmpdir(), 'leakguard-bench-'))
  const path = join(dir, 'tiny.zarr')
  const ds = await leakguard.createDataset(path, {
    dims: { x: 4 },
    variables: { v: { dtype: 'float32', dims: ['x'] } },
  })
  await ds.close()
  await timeRounds('openDataset + close (real store)', async () => {
    for (let i = 0; i < count; i++) {
      const opened = await leakguard.openDataset(path)
      await opened.close()
    }
  })
  await rm(dir, { recursive: true, force: true })
} else {
  console.log('openDataset not built yet: dataset rounds skipped')
}
