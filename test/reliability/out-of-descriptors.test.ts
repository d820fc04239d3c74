import { execFileSync } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { repoRoot } from '../e2e/run-vitest.js'

// A test that uses up its process's file descriptors (EMFILE) must still get its memory
// figures and its verdict: process.memoryUsage() opens /proc/self/stat on every call and
// throws then, which made leakguard fail the whole file (found with the load project
// under `ulimit -n 256`). Checked in a real child process under `ulimit -n 64`.
const script = `
import { openSync } from 'node:fs'
import { countOpenFds, createPeakProbe, readProcessMemory } from ${JSON.stringify(join(repoRoot, 'dist/src/memory/index.js'))}
import { readRssAndHeap } from ${JSON.stringify(join(repoRoot, 'dist/src/memory/process-memory.js'))}
const probe = createPeakProbe()
const before = readProcessMemory()
readRssAndHeap() // as a test's start reads it, before the count
const fdsBefore = countOpenFds()
probe.reset()
const held = []
let exhausted
try { for (;;) held.push(openSync('/dev/null', 'r')) } catch (error) { exhausted = error.code }
let memoryUsage = 'ok'
try { process.memoryUsage() } catch (error) { memoryUsage = error.code }
const after = readProcessMemory()
const start = readRssAndHeap()
const fds = countOpenFds() - fdsBefore
const peak = probe.read()
console.log(JSON.stringify({ exhausted, memoryUsage, held: held.length, before, after, start, fds, peak }))
`

test('with no descriptor left, RSS, heap, the kernel peak and the fd count are still read', () => {
  const file = join(repoRoot, 'tmp', `out-of-descriptors-${process.pid}.mjs`)
  writeFileSync(file, script)
  let output: string
  try {
    output = execFileSync(
      'bash',
      ['-c', 'ulimit -n 64 && exec "$0" "$1"', process.execPath, file],
      {
        encoding: 'utf8',
      },
    )
  } finally {
    rmSync(file, { force: true })
  }
  const result = JSON.parse(output)
  // The scenario is real: the process is out of descriptors and Node's own call fails.
  expect([result.exhausted, result.memoryUsage]).toEqual(['EMFILE', 'EMFILE'])
  expect(result.held).toBeGreaterThan(30)
  // The figures still come, and agree with the ones taken before.
  expect(result.after.rss).toBeGreaterThan(result.before.rss * 0.8)
  expect(result.after.rss).toBeLessThan(result.before.rss * 1.25)
  expect(result.after.heapUsed).toBeGreaterThan(0)
  // A test's start figures too, and the fd count the test's fdDelta
  // comes from (fstat of /proc/self/fd, kept open): exactly the descriptors it holds.
  expect(result.start.rss).toBeGreaterThan(result.before.rss * 0.8)
  expect(result.start.rss).toBeLessThan(result.before.rss * 1.25)
  expect(result.fds).toBe(result.held)
  expect(result.peak.method).toBe('kernel-hwm')
  expect(result.peak.peakRss).toBeGreaterThanOrEqual(result.after.rss)
})
