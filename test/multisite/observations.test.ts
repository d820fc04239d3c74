import { describe, expect, it } from 'vitest'
import { exampleObservations } from '../../src/multisite/observations.js'

describe('exampleObservations', () => {
  const obs = exampleObservations({ stations: 3, years: 3, seed: 8 })
  const [T, S, V] = obs.shape
  const at = (t: number, s: number, v: number): number => obs.data[(t * S + s) * V + v]!
  const monthMean = (s: number, v: number, firstDay: number): number => {
    let sum = 0
    let count = 0
    for (let year = 0; year < 3; year++) {
      for (let d = 0; d < 31; d++) {
        sum += at(year * 365 + firstDay + d, s, v)
        count++
      }
    }
    return sum / count
  }

  it('has dims (time, station, variable), named stations with coordinates, and a start date', () => {
    expect(obs.dims).toEqual(['time', 'station', 'variable'])
    expect(obs.shape).toEqual([1096, 3, 4])
    expect(obs.stations).toEqual(['Konstanz', 'Freiburg', 'Stuttgart'])
    expect(obs.variables).toEqual(['theta', 'R', 'rh', 'Qsw'])
    expect(obs.latitude).toEqual([47.68, 48.02, 48.83])
    expect(obs.longitude).toEqual([9.19, 7.83, 9.2])
    expect(obs.startDate).toBe('2000-01-01')
  })

  it('is deterministic per seed', () => {
    expect(exampleObservations({ stations: 3, years: 3, seed: 8 }).data).toEqual(obs.data)
    expect(exampleObservations({ stations: 3, years: 3, seed: 9 }).data).not.toEqual(obs.data)
  })

  it('has seasonal cycles: July is warmer and sunnier than January', () => {
    for (let s = 0; s < S; s++) {
      expect(monthMean(s, 0, 181) - monthMean(s, 0, 0)).toBeGreaterThan(12)
      expect(monthMean(s, 3, 181)).toBeGreaterThan(3 * monthMean(s, 3, 0))
      expect(monthMean(s, 2, 0)).toBeGreaterThan(monthMean(s, 2, 181)) // damper winters
    }
  })

  it('has zero-inflated precipitation and physical bounds', () => {
    let dry = 0
    for (let t = 0; t < T; t++) {
      for (let s = 0; s < S; s++) {
        if (at(t, s, 1) === 0) dry++
        expect(at(t, s, 1)).toBeGreaterThanOrEqual(0)
        expect(at(t, s, 2)).toBeGreaterThanOrEqual(15)
        expect(at(t, s, 2)).toBeLessThanOrEqual(100)
        expect(at(t, s, 3)).toBeGreaterThan(0)
      }
    }
    expect(dry / (T * S)).toBeGreaterThan(0.4)
    expect(dry / (T * S)).toBeLessThan(0.75)
  })
})
