// The cost of each per-test operation leakguard performs, timed with tinybench against
// dist/ (run `npm run build` first):
//   - handle registry: `handles.track` (records the open site: eager stack capture) + `release`
//   - kernel peak: reset (`5` → /proc/self/clear_refs) and read (`VmHWM` from /proc/self/status)
//   - process.memoryUsage(), the open-fd count (/proc/self/fd)
//   - a forced full GC with ~50 MB and ~500 MB of small live objects on the heap
//   - the reporter's end-of-run write: build a 1,000-test report and write it atomically
// The GC rows run last: they leave a large heap behind, which would slow the others.
//
// Usage: npm run build && node bench/probes/run.mjs [--time 500] [--heaps 50,500]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Bench } from 'tinybench'
import { handles } from '../../dist/src/handles/index.js'
import { countOpenFds } from '../../dist/src/memory/fd-count.js'
import { getForcedGc } from '../../dist/src/memory/force-gc.js'
import { createPeakProbe } from '../../dist/src/memory/peak.js'
import { writeFileAtomic } from '../../dist/src/report/atomic-file.js'
import { buildReport } from '../../dist/src/report/build-report.js'
import { formatSeconds, MB, markdownTable } from '../lib/table.mjs'

const { values } = parseArgs({
  options: {
    time: { type: 'string', default: '500' },
    heaps: { type: 'string', default: '50,500' },
  },
})
const time = Number(values.time)
const heaps = values.heaps.split(',').filter(Boolean).map(Number)

const rows = []
function addRows(bench, notes = {}) {
  for (const task of bench.tasks) {
    const r = task.result
    if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state} ${r.error ?? ''}`)
    rows.push([
      task.name,
      formatSeconds(r.latency.p50 / 1e3),
      formatSeconds(r.latency.p99 / 1e3),
      String(r.latency.samplesCount ?? r.totalTime / r.period),
      notes[task.name] ?? '',
    ])
  }
}

// Per-test probes, fast: many iterations.
const probe = createPeakProbe()
if (probe.method !== 'kernel-hwm')
  console.error(`note: the kernel peak is unavailable here (${probe.method})`)
const fast = new Bench({ time, warmupTime: Math.min(time, 100), throws: true })
fast
  .add('handles.track + release (with stack capture)', () => {
    const resource = {}
    handles.track(resource, { kind: 'dataset', label: 'bench' })
    handles.release(resource)
  })
  .add('peak reset (clear_refs write)', () => probe.reset())
  .add('peak read (VmHWM)', () => probe.read())
  .add('process.memoryUsage()', () => process.memoryUsage())
  .add('fd count (readdir /proc/self/fd)', () => countOpenFds())
await fast.run()
addRows(fast, { 'peak reset (clear_refs write)': probe.method, 'peak read (VmHWM)': probe.method })

// The end-of-run report: once per run, not per test.
const dir = mkdtempSync(join(tmpdir(), 'leakguard-bench-probes-'))
const tests = Array.from({ length: 1000 }, (_, i) => ({
  file: `test/f${i % 20}.test.ts`,
  name: `suite > test ${i}`,
  state: 'pass',
  status: 'ok',
  leaks: [],
  memory: {
    heapUsedBefore: 20e6 + i,
    heapUsedAfter: 20e6 + 2 * i,
    retainedHeap: i,
    rssBefore: 90e6 + i,
    rssAfter: 91e6 + i,
    peakRss: 95e6 + i,
    peakRssDelta: 5e6,
    peakMethod: 'kernel-hwm',
    externalAfter: 1e6,
    arrayBuffersAfter: 5e5,
    fdDelta: 0,
    gcForced: false,
    rssScope: 'process',
  },
  durationMs: 3,
  pid: 1000 + (i % 2),
}))
const environment = {
  platform: process.platform,
  arch: process.arch,
  node: process.version,
  vitest: 'bench',
  pool: 'forks',
}
const report = new Bench({ time, iterations: 10, throws: true })
report.add('report.json: build 1,000 tests + atomic write', () => {
  const built = buildReport({
    createdAt: new Date(),
    environment,
    tests,
    scopes: [],
    crashed: [],
    finished: true,
  })
  writeFileAtomic(join(dir, 'report.json'), `${JSON.stringify(built, null, 2)}\n`)
})
await report.run()
addRows(report, { 'report.json: build 1,000 tests + atomic write': 'once per run' })
rmSync(dir, { recursive: true, force: true })

// Forced GC with a heap of many small live objects (what makes a full mark expensive).
const gc = getForcedGc()
const keep = []
for (const target of heaps) {
  gc()
  while (process.memoryUsage().heapUsed < target * MB) {
    const batch = new Array(10_000)
    for (let i = 0; i < batch.length; i++) batch[i] = { i, s: `x${i}`, next: null }
    keep.push(batch)
  }
  const heapUsed = process.memoryUsage().heapUsed
  const bench = new Bench({
    time: Math.min(time, 2000),
    iterations: 5,
    warmupIterations: 1,
    throws: true,
  })
  const name = `forced GC, ${Math.round(heapUsed / MB)} MB heap of small objects`
  bench.add(name, () => gc())
  await bench.run()
  addRows(bench, { [name]: 'gc: true runs two per test' })
}

console.log(`node ${process.version}, tinybench, ${time} ms per task; latency median and p99\n`)
console.log(markdownTable(['operation', 'median', 'p99', 'samples', 'note'], rows))
