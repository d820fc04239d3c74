// The run end's read of the worker logs, cold: `mergeWorkerLogs` over real per-worker logs
// and `writeMergedLog` of `memory.jsonl`, each sample in a fresh process (the run end runs
// once, so its cost is cold code), alternating the builds given (A B B A …).
//
// The worker logs are cut from a real run's `memory.jsonl` (default: the one `npm test`
// leaves in tmp/leakguard/), one file per worker pid, as the workers wrote them.
//
// Usage: npm run build && node bench/report-build/merge-logs.mjs [--pairs 10]
//          [--from tmp/leakguard/memory.jsonl] <dist> [<dist> …]
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { median } from '../lib/table.mjs'

const { values, positionals } = parseArgs({
  options: {
    pairs: { type: 'string', default: '10' },
    from: { type: 'string', default: 'tmp/leakguard/memory.jsonl' },
    child: { type: 'string' },
  },
  allowPositionals: true,
})

if (values.child !== undefined) {
  // One sample: load the build, then time the merge and the write alone.
  const [dist, dir] = positionals
  const merge = await import(`${resolve(dist)}/src/report/merge-logs.js`)
  const started = process.cpuUsage()
  const merged = merge.mergeWorkerLogs(merge.workerLogPaths(dir))
  // A build before `lines` writes the events themselves.
  merge.writeMergedLog(join(dir, 'memory.jsonl'), merged.lines ?? merged.events, [])
  const used = process.cpuUsage(started)
  process.stdout.write(`${(used.user + used.system) / 1000} ${merged.events.length}\n`)
  process.exit(0)
}

const dists = positionals.length > 0 ? positionals : ['dist']
const dir = mkdtempSync(join(tmpdir(), 'lg-merge-bench-'))
const workers = join(dir, 'workers')
mkdirSync(workers)
const byPid = new Map()
for (const line of readFileSync(values.from, 'utf8').split('\n')) {
  if (line === '' || line.includes('"type":"session-')) continue
  const pid = /"pid":(\d+)/.exec(line)?.[1] ?? '0'
  byPid.set(pid, `${byPid.get(pid) ?? ''}${line}\n`)
}
for (const [pid, text] of byPid) writeFileSync(join(workers, `${pid}-0.jsonl`), text)

const times = dists.map(() => [])
let events = 0
const sample = (index) => {
  const out = execFileSync(process.execPath, [
    new URL(import.meta.url).pathname,
    '--child',
    '1',
    dists[index],
    dir,
  ])
  const [ms, count] = String(out).trim().split(' ').map(Number)
  times[index].push(ms)
  events = count
}
for (let pair = 0; pair < Number(values.pairs); pair++) {
  const order = dists.map((_, index) => index)
  for (const index of pair % 2 === 0 ? order : order.reverse()) sample(index)
}
rmSync(dir, { recursive: true, force: true })
console.log(`${events} events from ${byPid.size} worker logs, ${values.pairs} pairs, cold, CPU ms:`)
dists.forEach((dist, index) => {
  const list = times[index]
  console.log(
    `  ${dist}: median ${median(list).toFixed(1)} (${Math.min(...list).toFixed(1)}–${Math.max(...list).toFixed(1)})`,
  )
})
