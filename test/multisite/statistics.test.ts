import { beforeAll, describe, expect, it } from 'vitest'
import { Multisite, type SimulationResult } from '../../src/multisite/multisite.js'
import { exampleObservations, VARIABLES } from '../../src/multisite/observations.js'

// Four years of three stations keep the fit and 8 realizations under a second, and give
// each statistic enough days that the tolerances below are several standard errors wide.
const obs = exampleObservations({ stations: 3, years: 4, seed: 1 })
const [T, S, V] = obs.shape
const REALIZATIONS = 8

function column(station: number, v: number): Float64Array {
  return Float64Array.from({ length: T }, (_, t) => obs.data[(t * S + station) * V + v]!)
}
const mean = (a: ArrayLike<number>): number => Array.from(a).reduce((x, y) => x + y, 0) / a.length
const sd = (a: ArrayLike<number>): number => {
  const m = mean(a)
  return Math.sqrt(Array.from(a).reduce((x, y) => x + (y - m) ** 2, 0) / a.length)
}
function corr(a: Float64Array, b: Float64Array): number {
  const ma = mean(a)
  const mb = mean(b)
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < a.length; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb)
    saa += (a[i]! - ma) ** 2
    sbb += (b[i]! - mb) ** 2
  }
  return sab / Math.sqrt(saa * sbb)
}
const lag1 = (a: Float64Array): number => corr(a.subarray(0, -1), a.subarray(1))
const dryFraction = (a: Float64Array): number => a.filter((x) => x < 0.1).length / a.length
const ensembleMean = (sims: SimulationResult[], f: (s: SimulationResult) => number): number =>
  mean(sims.map(f))

describe('Multisite statistics (the reference suite checks)', () => {
  const ms = new Multisite(obs)
  let sims: SimulationResult[] = []
  beforeAll(async () => {
    sims = []
    for (let r = 0; r < REALIZATIONS; r++) sims.push(await ms.simulate({ seed: r }))
  })

  it('keeps each station and variable mean within 0.1 standard deviations', () => {
    // Phase randomization keeps the normal-space mean exactly (φ₀ = 0); what remains is
    // the nonlinear back-transform, measured at ≤ 0.015 sd here, so 0.1 has wide margin.
    for (let st = 0; st < S; st++) {
      for (let v = 0; v < V; v++) {
        const observed = column(st, v)
        const name = VARIABLES[v]!
        const simulated = ensembleMean(sims, (s) => mean(s.series(obs.stations[st]!, name)))
        expect(Math.abs(simulated - mean(observed)) / sd(observed)).toBeLessThan(0.1)
      }
    }
  })

  it('keeps correlations between stations within 0.1, for every variable', () => {
    // Normal-space cross-correlations are kept exactly; precipitation loses some in the
    // dry-day mapping (measured 0.06), the others < 0.02.
    for (const name of VARIABLES) {
      const v = VARIABLES.indexOf(name)
      for (let a = 0; a < S; a++) {
        for (let b = a + 1; b < S; b++) {
          const observed = corr(column(a, v), column(b, v))
          const simulated = ensembleMean(sims, (s) =>
            corr(s.series(obs.stations[a]!, name), s.series(obs.stations[b]!, name)),
          )
          expect(Math.abs(simulated - observed), `${name} ${a}-${b}`).toBeLessThan(0.1)
        }
      }
    }
  })

  it('gives phase-randomized normal series the correlations of dataTrans within 0.01', () => {
    // Adding the same phases to every series keeps every cross-spectrum, hence the
    // sample covariance at lag 0, to rounding; 0.01 is the suite's tolerance.
    const series = S * V
    const trans = (data: Float64Array, i: number): Float64Array => data.subarray(i * T, (i + 1) * T)
    for (const sim of sims.slice(0, 2)) {
      for (let i = 0; i < series; i++) {
        for (let j = i + 1; j < series; j++) {
          const observed = corr(trans(ms.dataTrans, i), trans(ms.dataTrans, j))
          expect(
            Math.abs(corr(trans(sim.simTrans, i), trans(sim.simTrans, j)) - observed),
          ).toBeLessThan(0.01)
        }
      }
    }
  })

  it('keeps lag-1 autocorrelation within 0.1', () => {
    for (let st = 0; st < S; st++) {
      for (const name of VARIABLES) {
        const observed = lag1(column(st, VARIABLES.indexOf(name)))
        const simulated = ensembleMean(sims, (s) => lag1(s.series(obs.stations[st]!, name)))
        expect(Math.abs(simulated - observed), `${name} station ${st}`).toBeLessThan(0.1)
      }
    }
  })

  it('keeps the dry-day frequency within 0.05', () => {
    const r = VARIABLES.indexOf('R')
    for (let st = 0; st < S; st++) {
      const observed = dryFraction(column(st, r))
      const simulated = ensembleMean(sims, (s) => dryFraction(s.series(obs.stations[st]!, 'R')))
      expect(observed).toBeGreaterThan(0.3) // the example really is zero-inflated
      expect(Math.abs(simulated - observed)).toBeLessThan(0.05)
    }
  })

  it('transforms the observations to roughly standard normal and back', () => {
    for (let i = 0; i < S * V; i++) {
      const z = ms.dataTrans.subarray(i * T, (i + 1) * T)
      expect(Math.abs(mean(z))).toBeLessThan(0.05)
      expect(sd(z)).toBeGreaterThan(0.9)
      expect(sd(z)).toBeLessThan(1.05)
    }
  })

  it('is deterministic per seed, differs between seeds, and changes the weather', async () => {
    const again = await ms.simulate({ seed: 3 })
    expect(again.simSea).toEqual(sims[3]!.simSea)
    expect(again.phases).toEqual(sims[3]!.phases)
    expect(sims[4]!.simSea).not.toEqual(sims[3]!.simSea)
    const theta = sims[0]!.series(obs.stations[0]!, 'theta')
    expect(corr(theta, column(0, 0))).toBeLessThan(0.95) // not a copy of the observations
  })

  it('simulates longer than the record by concatenating blocks with fresh phases', async () => {
    const long = await ms.simulate({ seed: 2, days: 2 * T + 10 })
    expect(long.shape).toEqual([S, V, 2 * T + 10])
    expect(long.phases).toHaveLength(3)
    expect(long.phases[0]).toEqual(sims[2]!.phases[0])
    expect(long.phases[1]).not.toEqual(long.phases[0])
    const theta = long.series(obs.stations[0]!, 'theta')
    expect(theta.subarray(0, T)).toEqual(sims[2]!.series(obs.stations[0]!, 'theta'))
    expect(Math.abs(mean(theta) - mean(column(0, 0))) / sd(column(0, 0))).toBeLessThan(0.1)
  })
})
