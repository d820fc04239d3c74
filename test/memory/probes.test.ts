import { closeSync, openSync } from 'node:fs'
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

test('getForcedGc collects 50 MB of garbage without --expose-gc', () => {
  const gc = getForcedGc()
  gc()
  const before = process.memoryUsage().heapUsed
  let garbage: number[][] | undefined = Array.from({ length: 50 }, () =>
    new Array(131072).fill(0.5),
  )
  expect(process.memoryUsage().heapUsed - before).toBeGreaterThan(45 * 1024 * 1024)
  garbage = undefined
  gc()
  expect(garbage).toBeUndefined()
  expect(process.memoryUsage().heapUsed - before).toBeLessThan(5 * 1024 * 1024)
})

test('getForcedGc returns only after a dropped 60 MB Buffer has left RSS', async () => {
  const MB = 1024 * 1024
  const gc = getForcedGc()
  for (let round = 0; round < 5; round++) {
    let buffer: Buffer | undefined = Buffer.alloc(60 * MB, 1)
    const before = process.memoryUsage.rss()
    expect(buffer[60 * MB - 1]).toBe(1)
    buffer = undefined
    gc()
    const right = process.memoryUsage.rss()
    // V8 frees backing stores on a background thread; a lone gc() often returns first.
    await new Promise((resolve) => setTimeout(resolve, 50))
    const later = process.memoryUsage.rss()
    expect(right - later).toBeLessThan(8 * MB)
    expect(before - right).toBeGreaterThan(50 * MB)
  }
})
