// The cost of each per-test syscall leakguard makes, one at a time, in a process shaped like
// an I/O-heavy vitest worker: libuv's pool threads started (fs.promises reads) before timing,
// so the /proc files that sum over threads pay for them as they do in `bench/io`.
//
// CPU time (`process.cpuUsage`, user+sys) of `--calls` calls per variant, variants in ABBA
// order (A B … B A) each round; prints the median µs a call with min–max of the rounds.
// Then checks which RSS sources agree: `/proc/self/stat` (what `memoryUsage()` reads),
// `/proc/self/status` `VmRSS` and `/proc/self/statm`, read back to back.
//
// Usage: node bench/probes/syscalls.mjs [--rounds 9] [--calls 5000] [--threads 4]
// Needs Linux with procfs; no build.
import { closeSync, fstatSync, openSync, readFileSync, readSync, writeSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cpuUsage, memoryUsage } from 'node:process'
import { parseArgs } from 'node:util'
import { getHeapStatistics } from 'node:v8'
import { alternate } from '../lib/alternate.mjs'
import { markdownTable, median, span } from '../lib/table.mjs'

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '9' },
    calls: { type: 'string', default: '5000' },
    threads: { type: 'string', default: '4' },
  },
})
const rounds = Number(values.rounds)
const calls = Number(values.calls)

// Start libuv's pool (UV_THREADPOOL_SIZE, 4 by default): enough concurrent reads that each
// thread runs one. The threads then idle, as in a worker between tests.
await Promise.all(
  Array.from({ length: Number(values.threads) * 4 }, () => readFile('/proc/self/status')),
)
const threads = readFileSync('/proc/self/status', 'utf8').match(/^Threads:\s+(\d+)/m)?.[1]

const buffer = Buffer.alloc(16 * 1024)
const statusFd = openSync('/proc/self/status', 'r')
const statFd = openSync('/proc/self/stat', 'r')
const statmFd = openSync('/proc/self/statm', 'r')
const clearRefsFd = openSync('/proc/self/clear_refs', 'w')
const fdDirFd = openSync('/proc/self/fd', 'r')
const logPath = join(tmpdir(), `leakguard-syscalls-${process.pid}.jsonl`)
const logFd = openSync(logPath, 'a')
// A test-end line of the usual size (~600 bytes with its memory figures).
const line = `${JSON.stringify({ type: 'test-end', pad: 'x'.repeat(560) })}\n`
const pread = (fd) => buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, 0))
let sink = 0

/** Each variant is one per-test call as leakguard makes it (or could). */
const variants = {
  'memoryUsage()': () => {
    sink += memoryUsage().rss
  },
  'memoryUsage.rss()': () => {
    sink += memoryUsage.rss()
  },
  'getHeapStatistics()': () => {
    sink += getHeapStatistics().used_heap_size
  },
  'pread kept /proc/self/status + parse VmRSS,VmHWM': () => {
    const text = pread(statusFd)
    sink += Number(/^VmHWM:\s+(\d+)/m.exec(text)?.[1]) + Number(/^VmRSS:\s+(\d+)/m.exec(text)?.[1])
  },
  'pread kept /proc/self/stat': () => {
    sink += pread(statFd).length
  },
  'pread kept /proc/self/statm': () => {
    sink += pread(statmFd).length
  },
  'open+read+close /proc/self/stat': () => {
    const fd = openSync('/proc/self/stat', 'r')
    sink += readSync(fd, buffer, 0, buffer.length, 0)
    closeSync(fd)
  },
  "write '5' to kept clear_refs": () => {
    writeSync(clearRefsFd, '5')
  },
  'fstat kept /proc/self/fd': () => {
    sink += fstatSync(fdDirFd).size
  },
  'log writeSync (one line)': () => {
    writeSync(logFd, line)
  },
  'log writeSync (two lines in one)': () => {
    writeSync(logFd, line + line)
  },
}

const names = Object.keys(variants)
for (const name of names) for (let i = 0; i < calls / 10; i++) variants[name]() // warm up
const perCall = await alternate(rounds, names.length, (index) => {
  const fn = variants[names[index]]
  const before = cpuUsage()
  for (let i = 0; i < calls; i++) fn()
  const spent = cpuUsage(before)
  return (spent.user + spent.system) / calls
})

console.log(`threads ${threads}, ${rounds} rounds × ${calls} calls, CPU µs a call`)
console.log(
  markdownTable(
    ['call', 'median µs', 'min–max'],
    names.map((name, index) => [name, median(perCall[index]).toFixed(2), span(perCall[index])]),
  ),
)

// Which RSS sources agree: read back to back, nothing allocating in between.
const page = 4096
const diffs = { 'status−stat': [], 'status−statm': [], 'statm−stat': [] }
for (let i = 0; i < 2000; i++) {
  if (i % 10 === 0) sink += Buffer.alloc(64 * 1024 * (i % 7)).length // move RSS a little
  const statRss = Number(pread(statFd).split(') ')[1].split(' ')[21]) * page
  const statusRss = Number(/^VmRSS:\s+(\d+)/m.exec(pread(statusFd))?.[1]) * 1024
  const statmRss = Number(pread(statmFd).split(' ')[1]) * page
  diffs['status−stat'].push((statusRss - statRss) / page)
  diffs['status−statm'].push((statusRss - statmRss) / page)
  diffs['statm−stat'].push((statmRss - statRss) / page)
}
console.log('\nRSS sources read back to back, 2000 times: difference in pages')
for (const [name, xs] of Object.entries(diffs)) {
  const zero = xs.filter((x) => x === 0).length
  console.log(
    `${name}: median ${median(xs)}, min ${Math.min(...xs)}, max ${Math.max(...xs)}, equal ${zero}/2000`,
  )
}
closeSync(logFd)
closeSync(statusFd)
closeSync(statFd)
closeSync(statmFd)
closeSync(clearRefsFd)
closeSync(fdDirFd)
readFileSync(logPath) // exists
await import('node:fs/promises').then((fs) => fs.rm(logPath))
if (sink === 0) console.log('') // keep the readings alive
