import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { createPeakProbe, readVmHwm } from '../../src/memory/peak.js'

const MB = 1024 * 1024

test('the kernel peak catches a 200 MB spike freed inside one synchronous call', () => {
  const probe = createPeakProbe()
  expect(probe.method).toBe('kernel-hwm')
  probe.reset()
  const before = process.memoryUsage.rss()
  const touched = Buffer.alloc(200 * MB, 1)[200 * MB - 1]
  expect(touched).toBe(1)
  const reading = probe.read()
  expect(reading.method).toBe('kernel-hwm')
  expect(reading.peakRss - before).toBeGreaterThanOrEqual(190 * MB)
  // After a reset the old spike is forgotten.
  probe.reset()
  expect(probe.read().peakRss - process.memoryUsage.rss()).toBeLessThan(20 * MB)
})

test('without clear_refs the probe says it samples, and still returns at least the RSS', () => {
  const probe = createPeakProbe({
    clearRefs: '/nonexistent/clear_refs',
    status: '/proc/self/status',
  })
  expect(probe.method).toBe('sampled')
  probe.reset()
  const reading = probe.read()
  expect(reading.method).toBe('sampled')
  expect(reading.peakRss).toBeGreaterThan(10 * MB)
})

test('readVmHwm parses the kB line, and is undefined for a file without it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leakguard-peak-'))
  writeFileSync(join(dir, 'status'), 'Name:\tnode\nVmHWM:\t  2048 kB\nVmRSS:\t1024 kB\n')
  writeFileSync(join(dir, 'empty'), 'Name:\tnode\n')
  expect(readVmHwm(join(dir, 'status'))).toBe(2048 * 1024)
  expect(readVmHwm(join(dir, 'empty'))).toBeUndefined()
  expect(readVmHwm(join(dir, 'missing'))).toBeUndefined()
})
