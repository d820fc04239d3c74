import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { createPeakProbe } from '../../src/memory/peak.js'
import { readStatusMemory, statusKilobytes } from '../../src/memory/proc-status.js'
import { readProcessMemory, readRssAndHeap } from '../../src/memory/process-memory.js'
import { chooseStartSource, readRss, rssStartSource } from '../../src/memory/rss-source.js'
import { finishSnapshot, startSnapshot } from '../../src/memory/test-snapshot.js'

// The test's own reading of status: a kept descriptor and buffer, so that reading it does
// not itself move the RSS (a readFileSync allocates) between the two readings compared.
const statusFd = openSync('/proc/self/status', 'r')
const statusBuffer = Buffer.alloc(16 * 1024)
const statusRss = () => {
  const length = readSync(statusFd, statusBuffer, 0, statusBuffer.length, 0)
  return statusKilobytes(statusBuffer.toString('latin1', 0, length), 'VmRSS')
}
const dir = mkdtempSync(join(tmpdir(), 'leakguard-rss-'))
/**
 * Reads `read()` between two status readings until 20 such triplets were stable (at most
 * 2,000 tries). Where RSS did not move (the two status readings are equal) the reading in
 * between should be status's to the byte; where it moved (a background GC or compiler
 * thread, other test files in this worker), a triplet proves nothing and is left out.
 */
function agreementWithStatus(read: () => number): { stable: number; equal: number } {
  let stable = 0
  let equal = 0
  for (let i = 0; i < 2000 && stable < 20; i++) {
    const before = statusRss()
    const value = read()
    if (before !== statusRss()) continue
    stable++
    if (value === before) equal++
  }
  return { stable, equal }
}

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
  closeSync(statusFd)
})

test("a test's start RSS is status's VmRSS to the byte, the kernel peak's counter", () => {
  expect(['statm', 'status']).toContain(rssStartSource())
  // memoryUsage's /proc/self/stat agreed in none of the stable triplets here (tens of pages).
  const { stable, equal } = agreementWithStatus(() => readRssAndHeap().rss)
  expect(stable).toBe(20)
  expect(equal / stable).toBeGreaterThan(0.8)
})

test("an end reading's RSS is status's VmRSS, with memoryUsage's heap and ArrayBuffers", () => {
  const held = Buffer.alloc(8 * 1024 * 1024, 1)
  const { stable, equal } = agreementWithStatus(() => readProcessMemory().rss)
  expect(stable).toBe(20)
  expect(equal / stable).toBeGreaterThan(0.8)
  const now = readProcessMemory()
  expect(now.arrayBuffers).toBeGreaterThanOrEqual(held.length)
  expect(now.heapUsed).toBeGreaterThan(1024 * 1024)
})

test('the peak and the RSS of one status reading: VmHWM is never below VmRSS', () => {
  const probe = createPeakProbe()
  for (let i = 0; i < 50; i++) {
    probe.reset()
    const reading = probe.read()
    expect(reading.method).toBe('kernel-hwm')
    expect(reading.rss).toBeDefined()
    expect(reading.peakRss).toBeGreaterThanOrEqual(reading.rss ?? Number.POSITIVE_INFINITY)
  }
})

test('an empty window: the end RSS is within a few pages of the start, and the peak is not a counter apart', () => {
  // One counter for start, end and peak: with nothing allocated in the window, the two
  // ends and the peak are within a few pages. A start or end from /proc/self/stat
  // (memoryUsage) was tens of pages below the peak's counter here.
  const peak = createPeakProbe()
  const options = { peak, gc: false, rssScope: 'process' } as const
  const windows = Array.from({ length: 21 }, () => {
    const start = startSnapshot(options)
    return finishSnapshot(start, options).memory
  })
  // Not "most windows equal": the window's own readings may touch a fresh page or two
  // (seen in one build, not another). A second counter sat ~12–45 pages apart.
  const moved = windows
    .map((memory) => Math.abs(memory.rssAfter - memory.rssBefore))
    .sort((a, b) => a - b)
  expect(moved[10]).toBeLessThanOrEqual(4 * 4096)
  const deltas = windows.map((memory) => memory.peakRssDelta).sort((a, b) => a - b)
  expect(deltas[10]).toBeLessThan(8 * 4096)
})

test('statm is the start source only where it gives status VmRSS to the byte', () => {
  const status = join(dir, 'status')
  writeFileSync(status, 'Name:\tnode\nVmHWM:\t   9000 kB\nVmRSS:\t   8192 kB\n')
  const statm = join(dir, 'statm')
  writeFileSync(statm, '250000 2048 1000 10 0 5000 0\n')
  expect(chooseStartSource(status, statm)).toEqual({ pageSize: 4096 })
  const other = join(dir, 'statm-other')
  writeFileSync(other, '250000 2049 1000 10 0 5000 0\n')
  expect(chooseStartSource(status, other)).toBe('status')
  expect(chooseStartSource(status, join(dir, 'missing'))).toBe('status')
  expect(chooseStartSource(join(dir, 'missing'), statm)).toBe('usage')
})

test('readStatusMemory reads VmRSS and VmHWM, and is undefined without either', () => {
  const both = join(dir, 'both')
  writeFileSync(both, 'VmHWM:\t  2048 kB\nVmRSS:\t1024 kB\nThreads:\t1\n')
  expect(readStatusMemory(both)).toEqual({ rss: 1024 * 1024, hwm: 2048 * 1024 })
  const hwmOnly = join(dir, 'hwm-only')
  writeFileSync(hwmOnly, 'Name:\tnode\nVmHWM:\t  2048 kB\n')
  expect(readStatusMemory(hwmOnly)).toBeUndefined()
  expect(readStatusMemory(join(dir, 'missing'))).toBeUndefined()
  // A name that only ends like the one asked for is not it.
  expect(statusKilobytes('XVmRSS:\t5 kB\nVmRSS:\t7 kB\n', 'VmRSS')).toBe(7 * 1024)
  expect(statusKilobytes('VmRSS:\t5 kB', 'VmRSS')).toBe(5 * 1024)
  expect(statusKilobytes('VmRSS:\tlots kB\n', 'VmRSS')).toBeUndefined()
})

test('readRss is a byte count of this process, not pages', () => {
  const rss = readRss()
  expect(rss % 4096).toBe(0)
  expect(rss).toBeGreaterThan(10 * 1024 * 1024)
})

test('a kernel peak whose status has no VmRSS gives the peak alone, and no RSS', () => {
  const hwmOnly = join(dir, 'status-hwm-only')
  writeFileSync(hwmOnly, 'Name:\tnode\nVmHWM:\t  4096 kB\n')
  const probe = createPeakProbe({ clearRefs: '/proc/self/clear_refs', status: hwmOnly })
  expect(probe.method).toBe('kernel-hwm')
  expect(probe.read()).toEqual({ peakRss: 4096 * 1024, method: 'kernel-hwm' })
})
