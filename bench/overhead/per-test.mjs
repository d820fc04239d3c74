// The per-test cost of leakguard's worker-side work, in-process and without vitest:
// the "before" snapshot + start log line, then the verdict (after snapshot, open-handle
// check, meta, end log line) — what the runner does in onBeforeRunTask/onAfterRunTask
// for a clean test. Compared side by side with an empty loop of the same shape.
//
// Usage: npm run build && node bench/plugin/per-test.mjs [iterations=3000]
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { judgeTest } from '../../dist/plugin/judge.js'
import { WorkerLog } from '../../dist/plugin/worker-log.js'
import { createPeakProbe } from '../../dist/src/memory/peak.js'
import { startSnapshot } from '../../dist/src/memory/test-snapshot.js'

const iterations = Number(process.argv[2] ?? 3000)
const outDir = mkdtempSync(join(tmpdir(), 'leakguard-bench-'))
const options = {
  onLeak: 'fail',
  outDir,
  gc: false,
  memoryLimit: null,
  allow: [],
  settleTurns: 3,
  root: '/',
}
const peak = createPeakProbe()
const log = new WorkerLog(outDir)
const file = { filepath: '/repo/a.test.ts', id: 'f' }
file.file = file
// As in the runner: a sequential test's start fd count is the previous test's end count.
let fdsBetweenTests
const context = {
  options,
  peak,
  log,
  scopes: { deferred: new Map() },
  rssScope: 'process',
  fdsAtEnd: (fds) => {
    fdsBetweenTests = fds
  },
}

async function leakguardTest(i) {
  const test = {
    type: 'test',
    id: `f_${i}`,
    name: `t${i}`,
    file,
    suite: file,
    context: {},
    meta: {},
    result: { state: 'pass' },
  }
  const start = startSnapshot({ peak, gc: false, rssScope: 'process' }, fdsBetweenTests)
  log.write({
    type: 'test-start',
    time: Date.now(),
    pid: process.pid,
    id: test.id,
    file: 'a.test.ts',
    name: test.name,
    rss: start.rss,
    heapUsed: start.heapUsed,
  })
  await judgeTest(test, start, context)
}
async function emptyTest(i) {
  const test = {
    type: 'test',
    id: `f_${i}`,
    name: `t${i}`,
    file,
    suite: file,
    context: {},
    meta: {},
    result: { state: 'pass' },
  }
  await Promise.resolve(test)
}

async function time(fn) {
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) await fn(i)
  return Number(process.hrtime.bigint() - t0) / 1e3 / iterations
}

const samples = { leakguard: [], empty: [] }
await time(leakguardTest) // warm-up (JIT, first readMemoryLimit)
for (let round = 0; round < 5; round++) {
  samples.empty.push(await time(emptyTest))
  samples.leakguard.push(await time(leakguardTest))
  samples.leakguard.push(await time(leakguardTest))
  samples.empty.push(await time(emptyTest))
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const extra = median(samples.leakguard) - median(samples.empty)
console.log(`per-test worker-side cost (median of 10 × ${iterations} tests, peak ${peak.method}):`)
console.log(
  `  leakguard ${median(samples.leakguard).toFixed(1)} µs, empty ${median(samples.empty).toFixed(1)} µs, extra ${extra.toFixed(1)} µs`,
)
