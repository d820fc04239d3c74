// A large report for report.html: `tests` tests in files of 50, run by 4 workers, with
// leaks (1%), regressions (0.5%), new tests (2%), removed tests, heap diffs and a gate
// outcome on every test. Deterministic (a fixed-seed LCG), so sizes repeat between runs.
// Used by bench/report-html/run.mjs; exported so that a test can render a small one.

const MB = 1024 * 1024

/** A seeded generator of numbers in [0, 1): the same seed, the same report. */
function lcg(seed) {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

function memory(random, rssBefore) {
  const peakRssDelta = Math.round(random() ** 3 * 300 * MB)
  const retainedHeap = Math.round((random() - 0.3) * random() ** 4 * 60 * MB)
  return {
    heapUsedBefore: 40 * MB,
    heapUsedAfter: 40 * MB + retainedHeap,
    retainedHeap,
    rssBefore,
    rssAfter: rssBefore + Math.max(0, retainedHeap),
    peakRss: rssBefore + peakRssDelta,
    peakRssDelta,
    peakMethod: 'kernel-hwm',
    externalAfter: 2 * MB,
    arrayBuffersAfter: MB,
    fdDelta: 0,
    gcForced: true,
    rssScope: 'process',
  }
}

function leak(file, line, id) {
  const openedAt = `${file}:${line}:17`
  return {
    id: `h${id}`,
    kind: 'dataset',
    label: `/tmp/leakguard-run/ensemble-${id}/ensemble.zarr`,
    openedAt,
    sourceLine: `    const ds = await openDataset(join(workdir, 'ensemble-${id}', 'ensemble.zarr'))`,
    stack: [
      'Error: opened here',
      '    at openDataset (node_modules/leakguard/dist/src/dataset/open.js:41:11)',
      `    at ${openedAt}`,
      '    at node_modules/@vitest/runner/dist/index.js:146:14',
    ].join('\n'),
    state: 'open',
  }
}

function comparison(metric, current, baseline, regressed) {
  const limit = Math.max(baseline + Math.max(baseline, 0) * 0.1, baseline + 16 * MB)
  return {
    metric,
    current,
    baseline: regressed ? current - 40 * MB : baseline,
    limit: regressed ? current - 24 * MB : limit,
    delta: regressed ? 40 * MB : current - baseline,
    regressed,
  }
}

/** A `Report` (report.json's shape) of `tests` tests. */
export function largeReport(tests = 10_000, seed = 16) {
  const random = lcg(seed)
  const rss = [120 * MB, 120 * MB, 120 * MB, 120 * MB]
  const list = []
  for (let i = 0; i < tests; i++) {
    const fileIndex = Math.floor(i / 50)
    const file = `test/area-${fileIndex % 17}/module-${fileIndex}.test.ts`
    const worker = fileIndex % 4
    rss[worker] += Math.round((random() - 0.45) * 4 * MB)
    const mem = memory(random, rss[worker])
    const leaked = random() < 0.01
    const regressed = !leaked && random() < 0.005
    const isNew = !leaked && !regressed && random() < 0.02
    const test = {
      file,
      name: `suite ${i % 7} > case ${i}: reads a window of the ensemble and checks quantiles`,
      state: leaked || regressed ? 'fail' : 'pass',
      status: leaked ? 'leak' : regressed ? 'regression' : 'ok',
      leaks: leaked ? [leak(file, 10 + (i % 40), i)] : [],
      memory: mem,
      durationMs: Math.round(random() * 200),
      pid: 4000 + worker,
      gate: isNew
        ? { baseline: 'new', comparisons: [] }
        : {
            baseline: 'compared',
            comparisons: [
              comparison('peakRssDelta', mem.peakRssDelta, mem.peakRssDelta - 2 * MB, regressed),
              comparison('retainedHeap', mem.retainedHeap, mem.retainedHeap, false),
            ],
          },
    }
    if (i % 500 === 7) {
      test.heapDiff = {
        source: 'rerun',
        added: [
          { constructor: 'Float64Array', count: 10_000, bytes: 40 * MB, selfBytes: 640_000 },
          { constructor: 'Dataset', count: 1, bytes: 12 * MB, selfBytes: 200 },
        ],
        beforeBytes: 80 * MB,
        afterBytes: 132 * MB,
        durationMs: 900,
      }
    }
    list.push(test)
  }
  const failures = list.filter((t) => t.status !== 'ok').length
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
    tests: list,
    scopes: [],
    gate: {
      ok: failures === 0,
      baseline: '.leakguard/baseline.json',
      tolerance: { relative: 0.1, floorBytes: 16 * MB },
      checked: list.filter((t) => t.gate.baseline === 'compared').length,
      failures,
      removed: Array.from({ length: 30 }, (_, k) => ({
        file: `test/old/retired-${k}.test.ts`,
        name: `retired > case ${k}`,
      })),
    },
  }
}
