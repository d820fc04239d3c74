// One spike in a fresh process: allocate `sizeMb` MB, touch every page, release it, and
// print what each peak method reports for the window around it, as one JSON line.
//   kernel   createPeakProbe(): reset VmHWM via /proc/self/clear_refs, read VmHWM
//   sampled  createPeakProbe() with clear_refs pointing at a directory (unwritable), so
//            it degrades to leakguard's fallback: the larger RSS of reset and read
//   timer    for comparison only (leakguard has no such mode): RSS polled every 10 ms
// The "real" figure is the RSS read at the top of the spike, while the memory is held.
//
// Usage: node bench/peak/spike-child.mjs <sizeMb> <sync|async>
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { setFlagsFromString } from 'node:v8'
import { getForcedGc } from '../../dist/src/memory/force-gc.js'
import { createPeakProbe, procPeakPaths } from '../../dist/src/memory/peak.js'

const MB = 1024 * 1024
const sizeMb = Number(process.argv[2])
const mode = process.argv[3]
if (!(sizeMb > 0) || (mode !== 'sync' && mode !== 'async')) {
  throw new RangeError(`usage: spike-child.mjs <sizeMb> <sync|async>, got ${process.argv.slice(2)}`)
}

// Free a collected ArrayBuffer's memory inside gc() itself, not a few ms later on a
// background thread: then "released" means released, and a 10 ms poll after the spike
// cannot see memory that a real sweep would already have given back.
setFlagsFromString('--no-concurrent-array-buffer-sweeping')
const gc = getForcedGc()
const notWritable = mkdtempSync(join(tmpdir(), 'leakguard-peak-'))
const kernel = createPeakProbe()
const sampled = createPeakProbe({ clearRefs: notWritable, status: procPeakPaths.status })
if (sampled.method !== 'sampled') throw new Error(`expected the fallback, got ${sampled.method}`)

function touch(bytes) {
  const block = new Uint8Array(bytes)
  // One write per 4 KiB page makes every page resident, as real use would.
  for (let i = 0; i < bytes; i += 4096) block[i] = 1
  return block
}

gc()
await sleep(10)
let timerPeak = 0
const poll = setInterval(() => {
  timerPeak = Math.max(timerPeak, process.memoryUsage.rss())
}, 10)
const before = process.memoryUsage.rss()
timerPeak = before
kernel.reset()
sampled.reset()

// The spike lives in a function of its own: a block at module top level would keep
// `block` alive in the module's context, and it would never be released.
function syncSpike() {
  // All inside one synchronous call: no timer can run between allocation and release.
  const block = touch(sizeMb * MB)
  return process.memoryUsage.rss() + block[0] * 0
}
async function asyncSpike() {
  // Held across event-loop turns (an awaited read, say): a timer gets to see it.
  const block = touch(sizeMb * MB)
  const rss = process.memoryUsage.rss()
  await sleep(50)
  return rss + block[0] * 0
}
const top = mode === 'sync' ? syncSpike() : await asyncSpike()
// Released: large ArrayBuffers are unmapped when collected, so RSS falls back.
gc()
await sleep(5)
const kernelRead = kernel.read()
const sampledRead = sampled.read()
clearInterval(poll)
const after = process.memoryUsage.rss()
rmSync(notWritable, { recursive: true, force: true })

console.log(
  JSON.stringify({
    sizeMb,
    mode,
    real: top - before,
    kernel: kernelRead.peakRss - before,
    kernelMethod: kernelRead.method,
    sampled: sampledRead.peakRss - before,
    timer: timerPeak - before,
    after: after - before,
  }),
)
