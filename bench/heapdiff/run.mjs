// Cost of one HeapDiff (before snapshot + after snapshot + diff) on a heap of ~50 MB and
// ~500 MB of small objects, with snapshot text going through memory or a temp file.
// Each configuration runs in its own child process, so that its peak RSS is its own.
// Usage: npm run build && node bench/heapdiff/run.mjs [--sizes 50,500] [--runs 3]
//        [--vias memory,file]
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { median } from '../lib/table.mjs'

const MB = 1024 * 1024
const self = fileURLToPath(import.meta.url)
const args = process.argv.slice(2)
const option = (name, fallback) => {
  const i = args.indexOf(name)
  return i === -1 ? fallback : args[i + 1]
}

function readStatusKb(field) {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`))
  return Number(line?.split(/\s+/)[1]) * 1024
}

async function child(targetMb, via, runs) {
  const { HeapDiff } = await import('../../dist/src/memory/heap-diff/index.js')
  const { getForcedGc } = await import('../../dist/src/memory/force-gc.js')
  const gc = getForcedGc()
  // Many small objects in chunks of 100,000: a big snapshot, not one big buffer.
  const heap = []
  let i = 0
  while (process.memoryUsage().heapUsed < targetMb * MB) {
    const chunk = new Array(100_000)
    for (let k = 0; k < chunk.length; k++, i++) chunk[k] = { id: i, value: i * 0.5, next: null }
    heap.push(chunk)
  }
  gc()
  const heapUsed = process.memoryUsage().heapUsed
  // RSS of the filled process before any snapshot: the cost of a diff is measured from
  // here, since memory V8 and malloc take during the first diff is not all given back.
  const baselineRss = readStatusKb('VmRSS')
  const times = []
  const peaks = []
  const absolute = []
  let nodes = 0
  for (let run = 0; run < runs; run++) {
    gc()
    writeFileSync('/proc/self/clear_refs', '5')
    const started = performance.now()
    const diff = new HeapDiff({ via })
    heap.push([{ id: -run }])
    const result = await diff.end()
    times.push(performance.now() - started)
    const hwm = readStatusKb('VmHWM')
    peaks.push(hwm - baselineRss)
    absolute.push(hwm)
    nodes = result.after.nodes
  }
  const report = {
    targetMb,
    via,
    heapUsedMb: heapUsed / MB,
    objects: i,
    nodes,
    baselineRss,
    times,
    peaks,
    absolute,
  }
  process.stdout.write(JSON.stringify(report))
}

function main() {
  const sizes = option('--sizes', '50,500').split(',').map(Number)
  const runs = Number(option('--runs', '3'))
  const vias = option('--vias', 'memory,file').split(',')
  const rows = []
  for (const size of sizes) {
    for (const via of vias) {
      const out = execFileSync(
        process.execPath,
        ['--max-old-space-size=8192', self, '--child', String(size), via, String(runs)],
        { encoding: 'utf8', maxBuffer: 16 * MB },
      )
      const r = JSON.parse(out)
      rows.push(r)
      console.log(
        `heap ${r.heapUsedMb.toFixed(0)} MB (${(r.objects / 1e6).toFixed(2)} M objects, ` +
          `${(r.nodes / 1e6).toFixed(2)} M nodes), via ${via}: ` +
          `median ${(median(r.times) / 1000).toFixed(2)} s [${r.times.map((t) => (t / 1000).toFixed(2)).join(', ')}], ` +
          `RSS ${(r.baselineRss / MB).toFixed(0)} MB before, VmHWM median ` +
          `${(median(r.absolute) / MB).toFixed(0)} MB [${r.absolute.map((a) => (a / MB).toFixed(0)).join(', ')}]: ` +
          `+${(median(r.peaks) / MB).toFixed(0)} MB, ${(median(r.peaks) / (r.heapUsedMb * MB)).toFixed(1)}× the heap`,
      )
    }
    if (vias.length !== 2) continue
    const [memory, file] = rows.slice(-2)
    console.log(
      `  file/memory at ${size} MB: time ${(median(file.times) / median(memory.times)).toFixed(2)}×, ` +
        `peak ${(median(file.peaks) / median(memory.peaks)).toFixed(2)}×`,
    )
  }
}

if (args[0] === '--child') await child(Number(args[1]), args[2], Number(args[3]))
else main()
