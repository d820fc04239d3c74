import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { countOpenFds } from '../../src/memory/fd-count.js'
import { getForcedGc } from '../../src/memory/force-gc.js'

test('countOpenFds sees a file descriptor opened and closed', () => {
  const before = countOpenFds()
  const fd = openSync(import.meta.filename, 'r')
  expect(countOpenFds()).toBe((before ?? Number.NaN) + 1)
  closeSync(fd)
  expect(countOpenFds()).toBe(before)
})

test('countOpenFds is null, not 0, where the directory cannot be read', () => {
  expect(countOpenFds('/nonexistent/fd')).toBeNull()
})

test('countOpenFds gives what a listing of /proc/self/fd gives, less the listing its own', () => {
  countOpenFds() // the first count keeps its descriptor: from here on it is in both
  // A thread of this process may open a file between the two readings: a few tries.
  const matches = Array.from({ length: 5 }, () => {
    const counted = countOpenFds()
    return counted === readdirSync('/proc/self/fd').length - 1
  })
  expect(matches).toContain(true)
})

test('countOpenFds lists a directory whose size is not a descriptor count', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leakguard-fds-'))
  try {
    for (const name of ['0', '1', '2']) writeFileSync(join(dir, name), '')
    expect(countOpenFds(dir)).toBe(3)
    writeFileSync(join(dir, '3'), '')
    expect(countOpenFds(dir)).toBe(4)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('getForcedGc collects 50 MB of garbage without --expose-gc', async () => {
  const gc = getForcedGc()
  gc()
  const before = process.memoryUsage().heapUsed
  let garbage: number[][] | undefined = Array.from({ length: 50 }, () =>
    new Array(131072).fill(0.5),
  )
  const collected = new WeakRef(garbage)
  expect(process.memoryUsage().heapUsed - before).toBeGreaterThan(45 * 1024 * 1024)
  garbage = undefined
  // A WeakRef keeps its target alive until the current job ends; only then may gc() free it.
  await new Promise((resolve) => setImmediate(resolve))
  gc()
  expect(collected.deref()).toBeUndefined()
  expect(process.memoryUsage().heapUsed - before).toBeLessThan(5 * 1024 * 1024)
})

// Whether getForcedGc() also waits for V8's background ArrayBuffer sweep (RSS 50 ms after
// it returns) is a timing figure: bench/gc-sweep measures it side by side with gc().
