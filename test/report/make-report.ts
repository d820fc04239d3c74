import type { LeakEntry, Report, TestMemory, TestReport } from '../../src/report/model.js'

/** One megabyte, as leakguard counts it (binary). */
export const MB = 1024 ** 2

/** Memory figures with a given peak delta and retained heap; the rest consistent. */
export function memory(
  peakRssDelta: number,
  retainedHeap: number,
  rssBefore = 100 * MB,
): TestMemory {
  return {
    heapUsedBefore: 20 * MB,
    heapUsedAfter: 20 * MB + retainedHeap,
    retainedHeap,
    rssBefore,
    rssAfter: rssBefore + Math.max(0, retainedHeap),
    peakRss: rssBefore + peakRssDelta,
    peakRssDelta,
    peakMethod: 'kernel-hwm',
    externalAfter: 0,
    arrayBuffersAfter: 0,
    fdDelta: 0,
    gcForced: true,
    rssScope: 'process',
  }
}

/** A passing test with the given figures. */
export function testReport(
  file: string,
  name: string,
  mem: TestMemory | null,
  extra: Partial<TestReport> = {},
): TestReport {
  return {
    file,
    name,
    state: 'pass',
    status: 'ok',
    leaks: [],
    memory: mem,
    durationMs: 12,
    ...extra,
  }
}

/** A leaked handle opened at `openedAt`. */
export function leakEntry(
  id: string,
  label: string,
  openedAt: string,
  extra: Partial<LeakEntry> = {},
): LeakEntry {
  return {
    id,
    kind: 'zarr-dataset',
    label,
    openedAt,
    sourceLine: `  const ds = await openDataset('${label}.zarr')`,
    stack: `Error\n    at openDataset (src/dataset/open.ts:10:3)\n    at ${openedAt}`,
    state: 'open',
    ...extra,
  }
}

/** A complete report of `tests` on linux x64, Node v20.20.2, vitest 4.1.12. */
export function report(tests: TestReport[], extra: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    createdAt: '2026-11-27T10:00:00.000Z',
    complete: true,
    environment: {
      platform: 'linux',
      arch: 'x64',
      node: 'v20.20.2',
      vitest: '4.1.12',
      pool: 'forks',
    },
    tests,
    scopes: [],
    ...extra,
  }
}
