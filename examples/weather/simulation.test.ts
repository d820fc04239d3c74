import { describe, expect, test } from 'leakguard/fixtures'
import { correlation, mean, observedSeries } from './stats.js'

// Ported from the reference generator's `sim` and phase randomization tests.
describe('sim', () => {
  test('means per station and variable match the observations', async ({ multisite }) => {
    await multisite.fit()
    const obs = multisite.observations
    const sim = await multisite.simulate({ seed: 3 })
    sim.stations.forEach((station, s) => {
      sim.variables.forEach((variable, v) => {
        const observed = observedSeries(obs.data, obs.shape, s, v)
        const observedMean = mean(observed)
        const sd = Math.sqrt(mean(observed.map((x) => (x - observedMean) ** 2)))
        // 0.1 standard deviations: the reference suite's tolerance for one realization.
        expect(Math.abs(mean(sim.series(station, variable)) - observedMean)).toBeLessThan(0.1 * sd)
      })
    })
  })

  test('inter-station correlations of temperature are preserved', async ({ multisite }) => {
    await multisite.fit()
    const obs = multisite.observations
    const sim = await multisite.simulate({ seed: 4 })
    const [a, b] = sim.stations
    const observedCorr = correlation(
      observedSeries(obs.data, obs.shape, 0, 0),
      observedSeries(obs.data, obs.shape, 1, 0),
    )
    const simulatedCorr = correlation(sim.series(a!, 'theta'), sim.series(b!, 'theta'))
    expect(Math.abs(simulatedCorr - observedCorr)).toBeLessThan(0.1)
  })

  test('phase randomization preserves correlations in standard-normal space', async ({
    multisite,
  }) => {
    await multisite.fit()
    const sim = await multisite.simulate({ seed: 5 })
    const days = sim.shape[2]
    const trans = multisite.dataTrans
    // dataTrans is (station, variable, time) like simTrans; compare station 0 and 1 theta.
    const series = (data: Float64Array, s: number) =>
      data.subarray(s * sim.shape[1] * days, s * sim.shape[1] * days + days)
    const before = correlation(series(trans, 0), series(trans, 1))
    const after = correlation(series(sim.simTrans, 0), series(sim.simTrans, 1))
    expect(Math.abs(after - before)).toBeLessThan(0.01)
  })
})
