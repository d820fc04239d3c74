import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { physicalMemory, readMemoryLimit } from '../../src/memory/memory-limit.js'

const GB = 1024 ** 3
const dir = mkdtempSync(join(tmpdir(), 'leakguard-cgroup-'))
function file(name: string, content: string): string {
  writeFileSync(join(dir, name), content)
  return join(dir, name)
}
const missing = join(dir, 'missing')

test('a cgroup v2 limit below RAM wins', () => {
  const cgroupV2 = file('v2', '536870912\n')
  expect(readMemoryLimit({ cgroupV2, cgroupV1: missing, physical: 24 * GB })).toEqual({
    bytes: 512 * 1024 ** 2,
    source: 'cgroup-v2',
  })
})

test("cgroup v2 'max' falls through to v1, then to physical RAM", () => {
  const cgroupV2 = file('v2max', 'max\n')
  const cgroupV1 = file('v1', `${2 * GB}\n`)
  expect(readMemoryLimit({ cgroupV2, cgroupV1, physical: 24 * GB })).toEqual({
    bytes: 2 * GB,
    source: 'cgroup-v1',
  })
  const unlimitedV1 = file('v1max', '9223372036854771712\n')
  expect(readMemoryLimit({ cgroupV2, cgroupV1: unlimitedV1, physical: 24 * GB })).toEqual({
    bytes: 24 * GB,
    source: 'physical',
  })
})

test('no cgroup files: physical RAM', () => {
  expect(readMemoryLimit({ cgroupV2: missing, cgroupV1: missing, physical: 8 * GB })).toEqual({
    bytes: 8 * GB,
    source: 'physical',
  })
})

test("physical RAM is /proc/meminfo's MemTotal, the figure os.totalmem() gives", () => {
  const meminfo = file('meminfo', 'MemTotal:       16318776 kB\nMemFree:         1234 kB\n')
  expect(physicalMemory(meminfo)).toBe(16318776 * 1024)
  // This machine's own: the same bytes os.totalmem() reports, without loading node:os.
  expect(physicalMemory()).toBe(totalmem())
})

test('no MemTotal to read (not Linux): physical RAM from os.totalmem()', () => {
  expect(physicalMemory(missing)).toBe(totalmem())
  expect(physicalMemory(file('meminfo-odd', 'MemFree: 1 kB\n'))).toBe(totalmem())
})
