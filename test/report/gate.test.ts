import { describe, expect, test } from 'vitest'
import { type Baseline, baselineFromReport } from '../../src/report/baseline.js'
import { compareWithBaseline } from '../../src/report/compare.js'
import { runGate } from '../../src/report/gate.js'
import {
  allowedValue,
  DEFAULT_TOLERANCE,
  parseFloor,
  parseRelativeTolerance,
} from '../../src/report/tolerance.js'
import { leakEntry, MB, memory, report, testReport } from './make-report.js'

const FILE = 'test/ensemble.test.ts'
const NAME = 'ensemble > writes stores'

function baselineWith(peakRssDelta: number, retainedHeap: number): Baseline {
  return baselineFromReport(report([testReport(FILE, NAME, memory(peakRssDelta, retainedHeap))]))
}

function gateOn(
  peakRssDelta: number,
  retainedHeap: number,
  baseline: Baseline,
): ReturnType<typeof runGate> {
  return runGate(report([testReport(FILE, NAME, memory(peakRssDelta, retainedHeap))]), { baseline })
}

describe('tolerance', () => {
  test('allowed = max(base × (1 + relative), base + floor)', () => {
    expect(allowedValue(96 * MB, DEFAULT_TOLERANCE)).toBe(112 * MB)
    expect(allowedValue(400 * MB, DEFAULT_TOLERANCE)).toBe(440 * MB)
    // A shrinking heap gets the floor only, never relative headroom below zero.
    expect(allowedValue(-10 * MB, DEFAULT_TOLERANCE)).toBe(6 * MB)
  })

  test('parses options and rejects malformed ones with the option named', () => {
    expect(parseRelativeTolerance('10%')).toBe(0.1)
    expect(parseRelativeTolerance('12.5')).toBe(0.125)
    expect(parseFloor('16 MB')).toBe(16 * MB)
    expect(() => parseRelativeTolerance('ten')).toThrow(
      "Expected `--tolerance` to be a percentage like '10%', got `'ten'` (string)",
    )
    expect(() => parseFloor('16 parsecs')).toThrow(
      "Expected `--floor` to be a size like '16 MB', got `'16 parsecs'` (string)",
    )
  })
})

describe('the gate', () => {
  const small = baselineWith(4 * MB, 1 * MB)

  test('the floor: +15.9 MB over a small baseline passes, +16.1 MB fails', () => {
    expect(gateOn(4 * MB + 15.9 * MB, 1 * MB, small).ok).toBe(true)
    expect(gateOn(4 * MB + 16 * MB, 1 * MB, small).ok).toBe(true)
    const over = gateOn(4 * MB + 16.1 * MB, 1 * MB, small)
    expect(over.ok).toBe(false)
    expect(over.lines[0]).toBe(
      `ERROR: test "${NAME}" peaked +20.1 MB, baseline +4.0 MB (+403%, tolerance 10% with 16.0 MB floor) for ${FILE}`,
    )
  })

  test('the relative side: 10% over a large baseline passes, a little more fails', () => {
    const large = baselineWith(400 * MB, 1 * MB)
    expect(gateOn(440 * MB, 1 * MB, large).ok).toBe(true)
    expect(gateOn(440.1 * MB, 1 * MB, large).ok).toBe(false)
  })

  test('retained heap is gated the same way, and a +32 MB retained regression fails', () => {
    const result = gateOn(4 * MB, 33 * MB, small)
    expect(result.lines[0]).toBe(
      `ERROR: test "${NAME}" retained +33.0 MB, baseline +1.0 MB (+3200%, tolerance 10% with 16.0 MB floor) for ${FILE}`,
    )
    expect(gateOn(4 * MB, 17 * MB, small).ok).toBe(true)
  })

  test('retained heap is compared only when both runs forced a GC, and says so', () => {
    const noGc = { ...memory(4 * MB, 60 * MB), gcForced: false }
    const result = runGate(report([testReport(FILE, NAME, noGc)]), { baseline: small })
    expect(result.ok).toBe(true)
    expect(result.lines[0]).toBe(
      'INFO: retained heap not compared for 1 test: measured without a forced GC (set `gc: true` in leakguard() to gate it)',
    )
    // Its peak is still gated.
    expect(
      runGate(report([testReport(FILE, NAME, { ...noGc, peakRssDelta: 30 * MB })]), {
        baseline: small,
      }).ok,
    ).toBe(false)
  })

  test('peaks measured differently are not compared, and the gate says so', () => {
    const grown = memory(60 * MB, 1 * MB)
    const warning =
      "WARNING: peak RSS not compared for 1 test: the baseline measured it differently (kernel high-water mark or sampling, own process or a threads pool's shared one); re-record it where the gate runs (`leakguard gate --update`)"
    // Same method and scope: +56 MB over a 4 MB baseline fails.
    expect(runGate(report([testReport(FILE, NAME, grown)]), { baseline: small }).ok).toBe(false)
    for (const differs of [
      { peakMethod: 'sampled' as const },
      { rssScope: 'shared-process' as const },
    ]) {
      const result = runGate(report([testReport(FILE, NAME, { ...grown, ...differs })]), {
        baseline: small,
      })
      expect([differs, result.ok]).toEqual([differs, true])
      expect(result.lines).toContain(warning)
    }
    // A baseline from before the fields existed is compared as before.
    const old: Baseline = {
      ...small,
      tests: small.tests.map(({ peakMethod, rssScope, ...test }) => test),
    }
    const sampled = { ...grown, peakMethod: 'sampled' as const }
    expect(runGate(report([testReport(FILE, NAME, sampled)]), { baseline: old }).ok).toBe(false)
  })

  test('prints the example line of the design: +412 MB against +96 MB', () => {
    const result = gateOn(412 * MB, 0, baselineWith(96 * MB, 0))
    expect(result.lines).toEqual([
      `ERROR: test "${NAME}" peaked +412.0 MB, baseline +96.0 MB (+329%, tolerance 10% with 16.0 MB floor) for ${FILE}`,
      'leakguard gate: 1 failed, 1 of 1 tests compared with the baseline (tolerance 10% with 16.0 MB floor)',
    ])
  })

  test('leaks and over-limit fail whatever the baseline; allow-listed leaks do not', () => {
    const leaking = testReport(FILE, 'leaks', memory(0, 0), {
      status: 'leak',
      leaks: [leakEntry('3', 'ensemble_daily', `${FILE}:14:22`)],
    })
    const excused = testReport(FILE, 'excused', memory(0, 0), {
      leaks: [leakEntry('4', 'cache', `${FILE}:20:5`, { allowedReason: 'shared cache' })],
    })
    const over = testReport(FILE, 'big', memory(3000 * MB, 0), {
      status: 'over-limit',
      notes: ['limited to 2.0 GB but peaked at 3.0 GB'],
    })
    const result = runGate(report([leaking, excused, over]))
    expect(result.ok).toBe(false)
    expect(result.lines).toEqual([
      `ERROR: test "leaks" left 1 handle open: zarr-dataset "ensemble_daily" (3) opened at ${FILE}:14:22 for ${FILE}`,
      `ERROR: test "big" went over its memory limit: limited to 2.0 GB but peaked at 3.0 GB for ${FILE}`,
      'leakguard gate: 2 failed (no baseline: checked leaks, limits and crashes only)',
    ])
  })

  test('reports new and removed tests for information only', () => {
    const current = report([testReport(FILE, 'added', memory(1 * MB, 0))])
    const result = runGate(current, { baseline: small })
    expect(result.ok).toBe(true)
    expect(result.lines.slice(0, 2)).toEqual([
      `INFO: new test "added" has no baseline yet for ${FILE}`,
      `INFO: test "${NAME}" is in the baseline but did not run for ${FILE}`,
    ])
  })

  test('the same name in another file or project is another test', () => {
    const current = report([
      testReport('test/other.test.ts', NAME, memory(500 * MB, 0)),
      testReport(FILE, NAME, memory(500 * MB, 0), { project: 'node' }),
    ])
    const kinds = compareWithBaseline(current, small, DEFAULT_TOLERANCE).map(
      (verdict) => verdict.kind,
    )
    expect(kinds).toEqual(['new', 'new', 'removed'])
  })

  test('warns when the baseline was recorded on another platform, Node or vitest', () => {
    const current = report([testReport(FILE, NAME, memory(4 * MB, 1 * MB))], {
      environment: {
        platform: 'linux',
        arch: 'x64',
        node: 'v22.12.0',
        vitest: '5.1.0',
        pool: 'forks',
      },
    })
    expect(runGate(current, { baseline: small }).lines[0]).toBe(
      'WARNING: the baseline was recorded on linux x64, Node v20.20.2, vitest 4.1.12; this run is on linux x64, Node v22.12.0, vitest 5.1.0: figures may not compare (re-record with `leakguard gate --update`)',
    )
    expect(
      runGate(report([testReport(FILE, NAME, memory(4 * MB, 1 * MB))]), { baseline: small })
        .lines[0],
    ).toMatch(/^leakguard gate: passed/)
  })
})
