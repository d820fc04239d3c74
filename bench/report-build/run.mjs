// The reporter's end-of-run work on a 10,000-test run: build report.json from the rows and
// worker-log events, read the baseline, run the gate, and write report.json,
// memory.jsonl, summary.md and report.html. Medians of ROUNDS, in one process.
//
//   node bench/report-build/run.mjs [otherDist...]
//
// This checkout's dist/ always runs; each other checkout's dist/ given (an older
// version, built) runs too, its rounds interleaved with this one's so that load on a
// shared machine hits both alike, and the ratio is printed.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { median } from '../lib/table.mjs'

const dists = [new URL('../../dist', import.meta.url).pathname, ...process.argv.slice(2)].map(
  (path) => resolve(path),
)
const TESTS = 10_000
const ROUNDS = 7
const MB = 1024 ** 2

async function version(dist) {
  const load = (path) => import(pathToFileURL(join(dist, path)).href)
  return {
    dist,
    ...(await load('src/report/build-report.js')),
    ...(await load('src/report/baseline.js')),
    ...(await load('src/report/gate.js')),
    ...(await load('src/report/atomic-file.js')),
    ...(await load('src/report/merge-logs.js')),
    ...(await load('src/report/human-reports.js')),
    composed: await load('src/report/compose-report.js').catch(() => undefined),
    files: await load('plugin/report-files.js').catch(() => undefined),
  }
}
const versions = await Promise.all(dists.map(version))
const { buildReport, baselineFromReport, writeBaseline } = versions[0]

const environment = { platform: 'linux', arch: 'x64', node: 'v20', vitest: '4.1', pool: 'forks' }
function memory(i, retained) {
  const rssBefore = 100 * MB
  return {
    heapUsedBefore: 20 * MB,
    heapUsedAfter: 20 * MB + retained,
    retainedHeap: retained,
    rssBefore,
    rssAfter: rssBefore + retained,
    peakRss: rssBefore + (i % 97) * MB,
    peakRssDelta: (i % 97) * MB,
    peakMethod: 'kernel-hwm',
    externalAfter: 0,
    arrayBuffersAfter: 0,
    fdDelta: 0,
    gcForced: true,
    rssScope: 'process',
  }
}
function rows(retainedOf) {
  return Array.from({ length: TESTS }, (_, i) => {
    const leaks =
      i % 1000 === 7
        ? [
            {
              id: `h${i}`,
              kind: 'dataset',
              label: `s${i}`,
              openedAt: 'a.ts:1:1',
              stack: '',
              state: 'open',
            },
          ]
        : []
    return {
      file: `test/part-${Math.floor(i / 100)}.test.ts`,
      name: `suite > test ${i}`,
      state: 'pass',
      status: leaks.length > 0 ? 'leak' : 'ok',
      leaks,
      memory: memory(i, retainedOf(i)),
      durationMs: 3,
      pid: 1000 + Math.floor(i / 100),
    }
  })
}
const events = (tests) =>
  tests.map((t, i) => ({
    type: 'test-end',
    time: i,
    pid: t.pid,
    id: String(i),
    file: t.file,
    name: t.name,
    state: t.state,
    status: t.status,
    memory: t.memory,
    leaks: [],
  }))

const work = mkdtempSync(join(tmpdir(), 'leakguard-report-bench-'))
const baselinePath = join(work, 'baseline.json')
const recorded = rows(() => MB)
writeBaseline(
  baselinePath,
  baselineFromReport(
    buildReport({
      createdAt: new Date(),
      environment,
      tests: recorded,
      scopes: [],
      crashed: [],
      finished: true,
    }),
  ),
)
const tests = rows((i) => (i % 2000 === 3 ? 64 * MB : MB))
const ended = events(tests)

function once(v) {
  const started = performance.now()
  const measured = v.buildReport({
    createdAt: new Date(),
    environment,
    tests,
    scopes: [],
    crashed: [],
    ended,
    finished: true,
  })
  const session = [{ type: 'session-start', time: 0, pid: 1, ...environment }, ...ended]
  if (v.composed && v.files) {
    const gate = v.runGate(measured, { baseline: v.readBaseline(baselinePath) })
    const report = v.composed.composeReport(measured, { gate })
    v.files.writeRunFiles(report, session, [], work, gate)
  } else {
    // Before: the rerun's target search and the gate each read the baseline.
    v.readBaseline(baselinePath)
    v.writeFileAtomic(join(work, 'report.json'), `${JSON.stringify(measured, null, 2)}\n`)
    v.writeMergedLog(join(work, 'memory.jsonl'), session, [])
    const gate = v.runGate(measured, { baseline: v.readBaseline(baselinePath) })
    v.writeHumanReports(measured, work, { gate, env: {} })
  }
  return performance.now() - started
}

for (const v of versions) once(v) // warm-up: module loading, JIT
const times = versions.map(() => [])
for (let round = 0; round < ROUNDS; round++) {
  for (const [index, v] of versions.entries()) times[index].push(once(v))
}
rmSync(work, { recursive: true, force: true })
const medians = times.map(median)
versions.forEach((v, index) => {
  const list = times[index]
  const ratio =
    index === 0 ? '' : `, this checkout ÷ it: ${(medians[0] / medians[index]).toFixed(2)}`
  console.log(
    `${v.dist}: ${TESTS} tests, build + gate + write: median ${medians[index].toFixed(0)} ms ` +
      `(min ${Math.min(...list).toFixed(0)}, max ${Math.max(...list).toFixed(0)}, ${ROUNDS} rounds${ratio})`,
  )
})
