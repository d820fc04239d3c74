import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { readMemoryLimit } from '../../src/memory/memory-limit.js'
import { oomRisk } from '../../src/report/status.js'
import { MB } from './make-report.js'

test('oom-risk from a cgroup v2 limit read from a file: 80% of it is the line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leakguard-cgroup-'))
  const memoryMax = join(dir, 'memory.max')
  writeFileSync(memoryMax, `${2048 * MB}\n`)
  const limit = readMemoryLimit({
    cgroupV2: memoryMax,
    cgroupV1: join(dir, 'absent'),
    physical: 8192 * MB,
  })
  expect(limit).toEqual({ bytes: 2048 * MB, source: 'cgroup-v2' })

  const line = Math.ceil(0.8 * limit.bytes)
  expect(oomRisk(line - 1, limit.bytes).atRisk).toBe(false)
  expect(oomRisk(line, limit.bytes)).toEqual({
    atRisk: true,
    fraction: line / limit.bytes,
    note: 'peaked at 1.6 GB, 80% of the 2.0 GB available',
  })
})

test('an unknown limit is never a risk', () => {
  expect(oomRisk(4096 * MB, 0).atRisk).toBe(false)
})
