// Cost of handle tracking on the open path: 10,000 opens and closes with the registry
// on and off, alternated (A B A B …) in one process so machine noise hits both sides.
// Usage: npm run build && node bench/registry/run.mjs [--pairs 7] [--count 10000]
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import * as leakguard from '../../dist/src/index.js'
import { alternate } from '../lib/alternate.mjs'
import { median } from '../lib/table.mjs'

const { values } = parseArgs({
  options: { pairs: { type: 'string', default: '7' }, count: { type: 'string', default: '10000' } },
})
const pairs = Number(values.pairs)
const count = Number(values.count)
const { handles } = leakguard

async function timeRounds(label, body) {
  const [on, off] = await alternate(pairs, 2, async (side) => {
    handles.setEnabled(side === 0)
    const start = process.hrtime.bigint()
    await body()
    return Number(process.hrtime.bigint() - start) / 1e6
  })
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
