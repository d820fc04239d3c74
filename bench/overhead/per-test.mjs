// The per-test cost of leakguard's worker-side work, in-process and without vitest:
// the "before" snapshot + start log line, then the verdict (after snapshot, open-handle
// check, meta, end log line) and the GC line after its event-loop turn — what the runner
// does in onBeforeRunTask/onAfterRunTask for a clean test. Compared side by side with an
// empty loop of the same shape, with the defaults, with `gc: true` (two forced full GCs a
// test) and `gc: 'auto'`; with `--before <dist>`, also with the defaults of another build
// (e.g. main's `dist/` copied aside), alternated in the same process.
// (Moved here from bench/plugin/per-test.mjs, written with the plugin.)
//
// Usage: npm run build && node bench/overhead/per-test.mjs [--iterations 3000] [--before dir]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { formatSeconds, markdownTable, median } from '../lib/table.mjs'

const { values } = parseArgs({
  options: { iterations: { type: 'string', default: '3000' }, before: { type: 'string' } },
})
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
const file = { filepath: '/repo/a.test.ts', id: 'f' }
file.file = file

/** One build's worker-side modules, from its `dist/` directory. */
async function loadBuild(dist) {
  const load = (path) => import(pathToFileURL(join(resolve(dist), path)).href)
  const [{ FdCache }, { judgeTest }, { WorkerLog }, { WorkerGc }, { createPeakProbe }, snapshot] =
    await Promise.all([
      load('plugin/fd-cache.js'),
      load('plugin/judge-test.js'),
      load('plugin/worker-log.js'),
      load('plugin/worker-gc.js'),
      load('src/memory/peak.js'),
      load('src/memory/test-snapshot.js'),
    ])
  const peak = createPeakProbe()
  const log = new WorkerLog(mkdtempSync(join(outDir, 'build-')))
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
  return { judgeTest, startSnapshot: snapshot.startSnapshot, gcLog: new WorkerGc(), context }
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

/** One clean test's worker-side work, as the runner does it, with `build`'s modules. */
async function leakguardTest(build, i, gc = false) {
  const { context } = build
  const { peak, log, fds } = context
  const test = fakeTest(i)
  options.gc = gc
  // gc: 'auto' as with no baseline: a bound under the 16 MB floor, no GC for these tests.
  const auto =
    gc === 'auto'
      ? { exactStart: undefined, forceExactStart: false, limitBytes: 16 * 2 ** 20 }
      : undefined
  const start = build.startSnapshot({ peak, gc, rssScope: 'process' }, fds.testStarting(), auto)
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
  await build.judgeTest(test, start, context)
  const gcLine = await build.gcLog.event(test.id, 'a.test.ts', test.name)
  // A build whose log holds the GC line for the next write, or one that writes it now.
  if (log.later) log.later(gcLine)
  else log.write(gcLine)
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

const current = await loadBuild(join(import.meta.dirname, '../../dist'))
const before = values.before === undefined ? undefined : await loadBuild(values.before)
const leakguardDefaultsTest = (i) => leakguardTest(current, i)
const beforeTest = (i) => leakguardTest(before, i)
const leakguardGcTest = (i) => leakguardTest(current, i, true)
const leakguardAutoTest = (i) => leakguardTest(current, i, 'auto')
const samples = { leakguard: [], empty: [], gc: [], auto: [], before: [] }
await time(leakguardDefaultsTest) // warm-up (JIT, first readMemoryLimit)
if (before) await time(beforeTest)
for (let round = 0; round < 5; round++) {
  // A B C B C A, with the GC variant in the middle: drift hits each alike.
  samples.empty.push(await time(emptyTest))
  samples.leakguard.push(await time(leakguardDefaultsTest))
  if (before) samples.before.push(await time(beforeTest))
  samples.auto.push(await time(leakguardAutoTest))
  samples.gc.push(await time(leakguardGcTest, gcIterations))
  samples.auto.push(await time(leakguardAutoTest))
  if (before) samples.before.push(await time(beforeTest))
  samples.leakguard.push(await time(leakguardDefaultsTest))
  samples.empty.push(await time(emptyTest))
}
rmSync(outDir, { recursive: true, force: true })
const empty = median(samples.empty)
const range = (xs) =>
  `${formatSeconds(Math.min(...xs) - empty)}–${formatSeconds(Math.max(...xs) - empty)}`
const row = (label, xs) => [
  label,
  formatSeconds(median(xs)),
  `${formatSeconds(median(xs) - empty)} (${range(xs)})`,
]
console.log(
  `per-test worker-side work, in-process, CPU time, median of rounds of ${iterations} tests (${gcIterations} with gc); peak ${current.context.peak.method}\n`,
)
console.log(
  markdownTable(
    ['per test', 'CPU', 'added (min–max of rounds)'],
    [
      row('empty loop of the same shape', samples.empty),
      row('leakguard defaults: snapshots, handle check, log lines', samples.leakguard),
      row('leakguard gc: true (two forced full GCs)', samples.gc),
      row("leakguard gc: 'auto' (allocation meter, no GC below the floor)", samples.auto),
      ...(before ? [row(`defaults, the build in ${values.before}`, samples.before)] : []),
    ],
  ),
)
