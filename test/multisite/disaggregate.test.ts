import { describe, expect, it } from 'vitest'
import { dayOfYearSeries, parseIsoDate } from '../../src/multisite/calendar.js'
import { disaggregateStation, HOURS } from '../../src/multisite/disaggregate.js'
import { VARIABLES } from '../../src/multisite/observations.js'
import { Rng } from '../../src/multisite/prng.js'
import { sinElevation } from '../../src/multisite/solar.js'

// A year of daily values at Konstanz, including dry days, a saturated day (rh 100) and
// a heavy-rain day, covering every rule's edge.
const days = 365
const latitude = 47.68
const doy = dayOfYearSeries(parseIsoDate('2001-01-01')!, days)
const daily = new Float64Array(VARIABLES.length * days)
const rng = Rng.from(11)
for (let t = 0; t < days; t++) {
  daily[0 * days + t] = 10 - 9 * Math.cos((2 * Math.PI * t) / 365) + rng.nextGaussian()
  daily[1 * days + t] = t % 3 === 0 ? 0 : t === 200 ? 85.3 : 4 * rng.nextFloat()
  daily[2 * days + t] = t === 10 ? 100 : 60 + 30 * rng.nextFloat()
  daily[3 * days + t] = 150 - 100 * Math.cos((2 * Math.PI * (t + 10)) / 365)
}
const hourly = new Float64Array(daily.length * HOURS)
disaggregateStation({ variables: VARIABLES, latitude, dayOfYear: doy, daily }, Rng.from(5), hourly)
const hours = (v: number, t: number): Float64Array =>
  hourly.subarray((v * days + t) * HOURS, (v * days + t + 1) * HOURS)
const sum = (a: Float64Array): number => a.reduce((x, y) => x + y, 0)

describe('disaggregateStation', () => {
  it('keeps daily means of theta, rh and Qsw and daily sums of R to rounding', () => {
    for (let t = 0; t < days; t++) {
      for (const v of [0, 2, 3]) {
        expect(sum(hours(v, t)) / HOURS).toBeCloseTo(daily[v * days + t]!, 9)
      }
      expect(sum(hours(1, t))).toBeCloseTo(daily[1 * days + t]!, 9)
    }
  })

  it('puts radiation only in hours when the sun is up, and none at midnight', () => {
    let nightHours = 0
    for (let t = 0; t < days; t++) {
      const q = hours(3, t)
      for (let h = 0; h < HOURS; h++) {
        if (sinElevation(latitude, doy[t]!, h + 0.5) <= 0) {
          nightHours++
          expect(q[h]).toBe(0)
        } else {
          expect(q[h]).toBeGreaterThan(0)
        }
      }
      expect(q[0]).toBe(0)
      expect(q[12]).toBeGreaterThan(q[8]!) // more at noon than at 08:00
    }
    expect(nightHours).toBeGreaterThan(365 * 8) // at 47.7°N every night is ≥ 8 h long
  })

  it('warms in the afternoon, and moves humidity the opposite way within 0–100 %', () => {
    for (let t = 0; t < days; t++) {
      const theta = hours(0, t)
      const rh = hours(2, t)
      expect(theta[14]).toBeGreaterThan(theta[4]!)
      if (daily[2 * days + t]! < 100) expect(rh[14]).toBeLessThan(rh[4]!)
      for (const x of rh) {
        expect(x).toBeGreaterThanOrEqual(0)
        expect(x).toBeLessThanOrEqual(100 + 1e-9)
      }
    }
  })

  it('leaves dry days dry and spreads rain over whole events', () => {
    for (let t = 0; t < days; t++) {
      const r = hours(1, t)
      if (daily[1 * days + t] === 0) expect(Math.max(...r)).toBe(0)
      else expect(r.filter((x) => x > 0).length).toBeGreaterThanOrEqual(1)
      for (const x of r) expect(x).toBeGreaterThanOrEqual(0)
    }
    // 85 mm does not fall in one hour: the event lasts longer for larger totals.
    expect(hours(1, 200).filter((x) => x > 0).length).toBeGreaterThan(1)
  })
})
