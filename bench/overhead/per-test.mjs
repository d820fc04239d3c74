// The per-test cost of leakguard's worker-side work, in-process and without vitest:
// the "before" snapshot + start log line, then the verdict (after snapshot, open-handle
// check, meta, end log line) — what the runner does in onBeforeRunTask/onAfterRunTask
// for a clean test. Compared side by side with an empty loop of the same shape, with
// the defaults and with `gc: true` (two forced full GCs a test).
// (Moved here from bench/plugin/per-test.mjs, written with the plugin.)
//
// Usage: npm run build && node bench/overhead/per-test.mjs [--iterations 3000]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { FdCache } from '../../dist/plugin/fd-cache.js'
import { judgeTest } from '../../dist/plugin/judge-test.js'
import { WorkerLog } from '../../dist/plugin/worker-log.js'
import { createPeakProbe } from '../../dist/src/memory/peak.js'
import { startSnapshot } from '../../dist/src/memory/test-snapshot.js'
import { formatSeconds, markdownTable, median } from '../lib/table.mjs'

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '3000' } } })
const iterations = Number(values.iterations)
// A forced GC costs milliseconds, not microseconds: fewer iterations keep the run short.
const gcIterations = Math.max(10, Math.round(iterations / 30))
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
const fds = new FdCache()
const context = {
  options,
  peak,
  log,
  state: { deferred: new Map(), reported: new Set() },
  rssScope: 'process',
  fds,
}

/** The task object vitest would hand the runner for test `i` (built in both variants). */
function fakeTest(i) {
  return {
    type: 'test',
    id: `f_${i}`,
    name: `t${i}`,
    file,
    suite: file,
    context: {},
    meta: {},
    result: { state: 'pass' },
  }
}

async function leakguardTest(i, gc = false) {
  const test = fakeTest(i)
  options.gc = gc
  // gc: 'auto' as with no baseline: a bound under the 16 MB floor, no GC for these tests.
  const auto =
    gc === 'auto'
      ? { exactStart: undefined, forceExactStart: false, limitBytes: 16 * 2 ** 20 }
      : undefined
  const start = startSnapshot({ peak, gc, rssScope: 'process' }, fds.testStarting(), auto)
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
  await Promise.resolve(fakeTest(i))
}

// CPU time (user+sys of this process), not wall: on a machine shared with other work,
// wall time per test varied 4× between identical rounds, CPU time within ~1.5×.
async function time(fn, n = iterations) {
  const t0 = process.cpuUsage()
  for (let i = 0; i < n; i++) await fn(i)
  const used = process.cpuUsage(t0)
  return (used.user + used.system) / 1e6 / n
}

const leakguardGcTest = (i) => leakguardTest(i, true)
const leakguardAutoTest = (i) => leakguardTest(i, 'auto')
const samples = { leakguard: [], empty: [], gc: [], auto: [] }
await time(leakguardTest) // warm-up (JIT, first readMemoryLimit)
for (let round = 0; round < 5; round++) {
  // A B C B C A, with the GC variant in the middle: drift hits each alike.
  samples.empty.push(await time(emptyTest))
  samples.leakguard.push(await time(leakguardTest))
  samples.auto.push(await time(leakguardAutoTest))
  samples.gc.push(await time(leakguardGcTest, gcIterations))
  samples.leakguard.push(await time(leakguardTest))
  samples.auto.push(await time(leakguardAutoTest))
  samples.empty.push(await time(emptyTest))
}
rmSync(outDir, { recursive: true, force: true })
const empty = median(samples.empty)
const row = (label, xs) => [label, formatSeconds(median(xs)), formatSeconds(median(xs) - empty)]
console.log(
  `per-test worker-side work, in-process, CPU time, median of rounds of ${iterations} tests (${gcIterations} with gc); peak ${peak.method}\n`,
)
console.log(
  markdownTable(
    ['per test', 'CPU', 'added'],
    [
      row('empty loop of the same shape', samples.empty),
      row('leakguard defaults: snapshots, handle check, log lines', samples.leakguard),
      row('leakguard gc: true (two forced full GCs)', samples.gc),
      row("leakguard gc: 'auto' (allocation meter, no GC below the floor)", samples.auto),
    ],
  ),
)
