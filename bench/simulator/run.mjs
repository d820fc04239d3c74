// Simulator benchmark, against dist/ (run `npm run build` first):
//   node bench/simulator/run.mjs
// 1. Throughput: 20 realizations × 3 stations × 4 variables × 10 years, daily and
//    disaggregated to hours, with 1 and 2 workers (alternated, median of 3 runs).
// 2. Peak RSS (kernel VmHWM) for n = 4, 16, 64, each in a fresh process.
// 3. Zarr chunk writes vs fs.writeFile of the same bytes to the same disk.
// Every ensemble runs in its own child process so no run inherits another's heap.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDataset } from '../../dist/src/index.js'
import { median } from '../lib/table.mjs'

const here = new URL('.', import.meta.url).pathname
const root = mkdtempSync(join(tmpdir(), 'leakguard-bench-sim-'))
const mb = (kib) => `${(kib / 1024).toFixed(0)} MB`

function ensemble(n, disaggregate, workers) {
  const out = execFileSync(
    process.execPath,
    [join(here, 'ensemble-child.mjs'), String(n), disaggregate ? '1' : '0', String(workers), root],
    { encoding: 'utf8' },
  )
  rmSync(join(root), { recursive: true, force: true })
  return JSON.parse(out.trim().split('\n').at(-1))
}

try {
  console.log('## Throughput: 20 realizations × 3 stations × 4 variables × 10 years (3652 days)\n')
  console.log('Wall time: the whole child process (fit included). simulateEnsemble: pool start,')
  console.log('store creation, the realizations and reopening; realizations/s is from that.\n')
  console.log(
    '| output | workers | wall time | simulateEnsemble | realizations/s | speedup 2 vs 1 |',
  )
  console.log('|---|---|---|---|---|---|')
  for (const disaggregate of [false, true]) {
    const runs = { 1: [], 2: [] }
    for (let rep = 0; rep < 3; rep++) {
      for (const workers of [1, 2]) runs[workers].push(ensemble(20, disaggregate, workers))
    }
    const label = disaggregate ? 'hourly (disaggregated)' : 'daily'
    const wall = (w) => median(runs[w].map((r) => r.seconds))
    const sim = (w) => median(runs[w].map((r) => r.simulateSeconds))
    for (const w of [1, 2]) {
      const speedup = w === 2 ? `${(sim(1) / sim(2)).toFixed(2)}×` : ''
      console.log(
        `| ${label} | ${w} | ${wall(w).toFixed(2)} s | ${sim(w).toFixed(2)} s | ${(20 / sim(w)).toFixed(1)} | ${speedup} |`,
      )
    }
  }
  console.log('\n(medians of 3 runs, 1 and 2 workers alternated)')

  console.log('\n## Peak RSS (VmHWM, fresh process per n, 2 workers)\n')
  console.log('| output | n=4 | n=16 | n=64 | peak(64)/peak(4) |')
  console.log('|---|---|---|---|---|')
  for (const disaggregate of [false, true]) {
    const peaks = [4, 16, 64].map((n) => ensemble(n, disaggregate, 2).peakRssKiB)
    const label = disaggregate ? 'hourly' : 'daily'
    console.log(
      `| ${label} | ${peaks.map(mb).join(' | ')} | ${(peaks[2] / peaks[0]).toFixed(2)} (target ≤ 1.3) |`,
    )
  }

  console.log('\n## Zarr chunk writes vs fs.writeFile, same bytes, same disk (median of 5)\n')
  // One hourly realization chunk: 3 stations × 4 variables × 87 648 hours, float32.
  const hours = 3652 * 24
  const chunk = new Float32Array(3 * 4 * hours).map((_, i) => Math.sin(i))
  const count = 20
  const bytes = chunk.byteLength * count
  const zarrTimes = []
  const rawTimes = []
  for (let rep = 0; rep < 5; rep++) {
    const dir = join(root, `io-${rep}`)
    const ds = await createDataset(join(dir, 'z.zarr'), {
      dims: { realization: count, station: 3, variable: 4, time: hours },
      variables: { x: { dtype: 'float32', dims: ['realization', 'station', 'variable', 'time'] } },
    })
    let t = performance.now()
    for (let r = 0; r < count; r++)
      await ds.write('x', chunk, { realization: { start: r, stop: r + 1 } })
    zarrTimes.push((performance.now() - t) / 1000)
    await ds.close()
    t = performance.now()
    for (let r = 0; r < count; r++) await writeFile(join(dir, `raw-${r}.bin`), chunk)
    rawTimes.push((performance.now() - t) / 1000)
    rmSync(dir, { recursive: true, force: true })
  }
  const zarrMBs = bytes / 1e6 / median(zarrTimes)
  const rawMBs = bytes / 1e6 / median(rawTimes)
  console.log('| writer | MB/s | relative |')
  console.log('|---|---|---|')
  console.log(
    `| Dataset.write (zarrita, codec none) | ${zarrMBs.toFixed(0)} | ${(zarrMBs / rawMBs).toFixed(2)} |`,
  )
  console.log(`| fs.writeFile | ${rawMBs.toFixed(0)} | 1.00 |`)
  console.log(
    `\n(${count} chunks of ${(chunk.byteLength / 1e6).toFixed(1)} MB each; node ${process.version})`,
  )
} finally {
  rmSync(root, { recursive: true, force: true })
}
