import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'leakguard/fixtures'

// Ported from the reference generator's ensemble tests. Every test gets its Multisite
// from the fixture, which closes it and fails the test if a dataset is left open.
describe('ensemble', () => {
  test('small ensemble generation writes a store', async ({ multisite, workdir }) => {
    await multisite.simulateEnsemble(1, { root: workdir, seed: 1, workers: 1 })
    expect(multisite.ensemble).not.toBeUndefined()
    expect(existsSync(join(workdir, 'ensemble', 'ensemble.zarr', 'zarr.json'))).toBe(true)
    expect(existsSync(join(workdir, 'ensemble', 'ensemble_trans.zarr', 'zarr.json'))).toBe(true)
  })

  test('the ensemble returns valid data', async ({ multisite, workdir }) => {
    const { ensemble } = await multisite.simulateEnsemble(2, { root: workdir, seed: 2 })
    expect(Object.keys(ensemble.dims)).toEqual(['realization', 'station', 'variable', 'time'])
    expect(await ensemble.coordValues('variable')).toEqual(['theta', 'R', 'rh', 'Qsw'])
    const theta = await ensemble.read('ensemble', { realization: 1, variable: 0 })
    expect(theta.dims).toEqual(['station', 'time'])
    expect(theta.data.every(Number.isFinite)).toBe(true)
    const rain = await ensemble.read('ensemble', { variable: 1 })
    expect(rain.data.every((mm) => mm >= 0)).toBe(true)
  })

  test('without disaggregation the daily ensemble is the ensemble', async ({
    multisite,
    workdir,
  }) => {
    await multisite.simulateEnsemble(1, { root: workdir, disaggregate: false })
    expect(multisite.ensembleDaily).toBe(multisite.ensemble)
  })
})
