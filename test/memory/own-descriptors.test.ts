import { expect, test, vi } from 'vitest'

// leakguard keeps a few descriptors of its own (statm, /proc/self/status), opened on first
// use. When that first use falls inside a test whose start reuses the previous test's fd
// count, the descriptor must not be counted as the test's: the soak e2e once saw
// `fdDelta: 1` on a random test, where such a descriptor (statm, since removed) was first
// opened there.
test('a descriptor leakguard keeps, opened at a test start that reuses a known count, is not the test’s', async () => {
  // A fresh module graph: the RSS reading's own /proc/self/status descriptor is not open yet.
  vi.resetModules()
  const { countOpenFds } = await import('../../src/memory/fd-count.js')
  const { createPeakProbe } = await import('../../src/memory/peak.js')
  const { startSnapshot, finishSnapshot } = await import('../../src/memory/test-snapshot.js')
  const { ownDescriptorsKept } = await import('../../src/memory/own-descriptors.js')
  // The same status file under its pid path, so the probe does not open the descriptor
  // that the start's RSS reading keeps under /proc/self/status.
  const peak = createPeakProbe({
    clearRefs: '/proc/self/clear_refs',
    status: `/proc/${process.pid}/status`,
  })
  const options = { peak, gc: false, rssScope: 'process' } as const
  const known = countOpenFds()
  const keptBefore = ownDescriptorsKept()

  const start = startSnapshot(options, known)
  const { memory } = finishSnapshot(start, options)

  // The start did open leakguard's own descriptors (else this test proves nothing)…
  expect(ownDescriptorsKept()).toBeGreaterThan(keptBefore)
  // …and the test opened none.
  expect(memory.fdDelta).toBe(0)
})
