import { describe, expect, test } from 'vitest'
import { planFromBaseline } from '../../plugin/retained-plan.js'
import { checkRetained, type RetainedFigure } from '../../src/report/retained-check.js'
import { loggedTestKey } from '../../src/report/test-key.js'
import { DEFAULT_TOLERANCE } from '../../src/report/tolerance.js'

const MB = 1024 ** 2
const floor = DEFAULT_TOLERANCE.floorBytes
const exact = (mb: number): RetainedFigure => ({
  retainedHeap: mb * MB,
  gcForced: true,
  retainedMethod: 'exact',
})
const bound = (mb: number): RetainedFigure => ({
  retainedHeap: mb * MB,
  gcForced: false,
  retainedMethod: 'bound',
})
const atLeast = (mb: number, maxMb: number): RetainedFigure => ({
  retainedHeap: mb * MB,
  gcForced: false,
  retainedMethod: 'at-least',
  retainedHeapMax: maxMb * MB,
})

describe('checkRetained: gc: auto figures against the baseline', () => {
  test('a bound baseline is gated as "retained nothing": the floor is the limit, on both sides', () => {
    expect(checkRetained(bound(9), exact(16), DEFAULT_TOLERANCE)).toEqual({ regression: false })
    expect(checkRetained(bound(9), exact(16.01), DEFAULT_TOLERANCE)).toMatchObject({
      regression: true,
      why: 'proven',
      baseline: 0,
      allowed: floor,
    })
  })

  test('a bound at or under the allowed value passes; over it, it is undecided and fails', () => {
    expect(checkRetained(exact(0), bound(16), DEFAULT_TOLERANCE)).toEqual({ regression: false })
    // A negative baseline leaves less than the floor: a bound above it proves nothing either way.
    expect(checkRetained(exact(-4), bound(13), DEFAULT_TOLERANCE)).toMatchObject({
      regression: true,
      why: 'undecided',
    })
  })

  test('a lower bound above the allowed value is a proven regression', () => {
    expect(checkRetained(bound(1), atLeast(29.5, 40), DEFAULT_TOLERANCE)).toMatchObject({
      regression: true,
      why: 'proven',
      current: 29.5 * MB,
    })
  })

  test('a lower bound under it passes when its upper bound fits, else it is undecided', () => {
    expect(checkRetained(exact(2), atLeast(-1, 17.9), DEFAULT_TOLERANCE)).toEqual({
      regression: false,
    })
    expect(checkRetained(exact(2), atLeast(-1, 18.1), DEFAULT_TOLERANCE)).toMatchObject({
      regression: true,
      why: 'undecided',
    })
  })

  test('figures from before retainedMethod: gcForced decides, and no GC is not compared', () => {
    const legacy = { retainedHeap: 50 * MB, gcForced: true }
    expect(
      checkRetained({ retainedHeap: 0, gcForced: true }, legacy, DEFAULT_TOLERANCE),
    ).toMatchObject({ regression: true, why: 'proven' })
  })
})

describe('planFromBaseline', () => {
  const environment = { platform: 'linux', arch: 'x64', node: 'v20', vitest: '4' }
  const entry = (name: string, figure: RetainedFigure) => ({
    file: 'a.test.ts',
    name,
    peakRssDelta: 0,
    ...figure,
  })

  test('no baseline: the floor, and no test starts with a GC', () => {
    expect(planFromBaseline(undefined, DEFAULT_TOLERANCE)).toEqual({
      limitBytes: floor,
      exactStartTests: [],
    })
  })

  test('tests measured past the floor start with a GC; a negative baseline lowers the limit', () => {
    const plan = planFromBaseline(
      {
        schemaVersion: 1,
        environment,
        tests: [entry('small', bound(3)), entry('big', exact(-4)), entry('kept', atLeast(30, 40))],
      },
      DEFAULT_TOLERANCE,
    )
    expect(plan.exactStartTests).toEqual([
      loggedTestKey({ file: 'a.test.ts', name: 'big' }),
      loggedTestKey({ file: 'a.test.ts', name: 'kept' }),
    ])
    expect(plan.limitBytes).toBe(floor - 4 * MB)
  })
})
