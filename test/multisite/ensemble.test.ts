import { existsSync, readdirSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Dataset, openDataset } from '../../src/dataset/index.js'
import { handles } from '../../src/handles/index.js'
import { isMultisiteError, MultisiteCloseError } from '../../src/multisite/errors.js'
import { Multisite } from '../../src/multisite/multisite.js'
import { exampleObservations } from '../../src/multisite/observations.js'
import { writeObservations } from '../../src/multisite/observations-store.js'

// These run real tinypool workers from dist/ (`npm test` builds first) and write real
// Zarr stores. Two years of three stations keep each ensemble well under a second.
const obs = exampleObservations({ stations: 3, years: 2, seed: 4 })
const [T, S, V] = obs.shape
let root: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'leakguard-multisite-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

const openUnder = (dir: string) => handles.open().filter((h) => h.label.startsWith(dir))

async function readAll(ds: Dataset, name: string): Promise<Float64Array> {
  return Float64Array.from((await ds.read(name)).data)
}

describe('simulateEnsemble', () => {
  it('writes (realization, station, variable, time) stores, identical with 1 or 2 workers', async () => {
    await using one = new Multisite(obs)
    await using two = new Multisite(obs)
    await one.simulateEnsemble(3, { root, name: 'w1', workers: 1, seed: 9 })
    await two.simulateEnsemble(3, { root, name: 'w2', workers: 2, seed: 9 })
    expect(one.ensemble!.dims).toEqual({ realization: 3, station: S, variable: V, time: T })
    expect(one.ensemble!.variables.ensemble!.dims).toEqual([
      'realization',
      'station',
      'variable',
      'time',
    ])
    expect(await one.ensemble!.coordValues('station')).toEqual(obs.stations)
    expect(await one.ensemble!.coordValues('variable')).toEqual(['theta', 'R', 'rh', 'Qsw'])
    expect(one.ensemble!.coords.time!.attrs.units).toBe('days since 2000-01-01')
    const a = await readAll(one.ensemble!, 'ensemble')
    expect(a).toEqual(await readAll(two.ensemble!, 'ensemble'))
    expect(await readAll(one.ensembleTrans!, 'ensemble_trans')).toEqual(
      await readAll(two.ensembleTrans!, 'ensemble_trans'),
    )
    // Realizations differ from each other, and none is left unwritten (NaN fill).
    const size = S * V * T
    expect(a.subarray(0, size)).not.toEqual(a.subarray(size, 2 * size))
    expect(a.some(Number.isNaN)).toBe(false)
  })

  it('seeds realization 0 like simulate({ seed }), stored as float32', async () => {
    await using ms = new Multisite(obs)
    await ms.simulateEnsemble(1, { root, name: 'r0', workers: 1, seed: 21 })
    const sim = await ms.simulate({ seed: 21 })
    const stored = (await ms.ensemble!.read('ensemble', { realization: 0 })).data
    expect(stored).toEqual(Float32Array.from(sim.simSea))
  })

  it('aliases ensembleDaily to ensemble without disaggregation and closes 2 datasets once', async () => {
    const dir = join(root, 'alias')
    const ms = new Multisite(obs)
    await ms.simulateEnsemble(2, { root, name: 'alias', workers: 2 })
    expect(ms.ensembleDaily).toBe(ms.ensemble)
    expect(ms.ensembleTrans).not.toBe(ms.ensemble)
    expect(openUnder(dir).map((h) => h.label.slice(dir.length))).toEqual([
      '/ensemble.zarr',
      '/ensemble_trans.zarr',
    ])
    const closes = countCloses([ms.ensemble!, ms.ensembleTrans!])
    await ms.close()
    expect(closes()).toEqual([1, 1])
    expect(openUnder(dir)).toEqual([])
    expect(ms.ensemble!.closed).toBe(true)
    await ms.close() // idempotent: no second close of anything
    expect(closes()).toEqual([1, 1])
  })

  it('disaggregates to an hourly ensemble that keeps daily means and sums, 3 datasets', async () => {
    const dir = join(root, 'hourly')
    const ms = new Multisite(obs)
    await ms.simulateEnsemble(2, { root, name: 'hourly', disaggregate: true, seed: 3 })
    const distinct = new Set([ms.ensemble, ms.ensembleDaily, ms.ensembleTrans])
    expect(distinct.size).toBe(3)
    expect(ms.ensemble!.dims.time).toBe(T * 24)
    expect(ms.ensemble!.coords.time!.attrs.units).toBe('hours since 2000-01-01 00:00:00')
    expect(ms.ensembleDaily!.dims.time).toBe(T)
    const hourly = (await ms.ensemble!.read('ensemble', { realization: 1 })).data
    const daily = (await ms.ensembleDaily!.read('ensemble_daily', { realization: 1 })).data
    const qsw = 3
    for (let series = 0; series < S * V; series++) {
      const isR = series % V === 1
      for (let t = 0; t < T; t++) {
        let total = 0
        for (let h = 0; h < 24; h++) total += hourly[(series * T + t) * 24 + h]!
        const expected = daily[series * T + t]!
        // float32 storage: ~7 significant digits on both sides.
        expect(Math.abs((isR ? total : total / 24) - expected)).toBeLessThan(
          1e-5 * Math.max(1, Math.abs(expected) * 24),
        )
      }
      if (series % V === qsw) {
        for (let t = 0; t < T; t++) expect(hourly[(series * T + t) * 24]).toBe(0) // midnight
      }
    }
    const closes = countCloses([...distinct] as Dataset[])
    await ms.close()
    expect(closes()).toEqual([1, 1, 1])
    expect(openUnder(dir)).toEqual([])
  })

  it('collects every close failure into one MultisiteCloseError and still closes the rest', async () => {
    const ms = new Multisite(obs)
    await ms.simulateEnsemble(1, { root, name: 'failclose', workers: 1 })
    const broken = ms.ensemble!
    const realClose = broken.close.bind(broken)
    broken.close = async () => {
      await realClose()
      throw new Error('disk vanished')
    }
    const error = await ms.close().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MultisiteCloseError)
    expect(isMultisiteError(error, 'MultisiteCloseError')).toBe(true)
    const agg = error as MultisiteCloseError
    expect(agg.paths).toEqual([join(root, 'failclose', 'ensemble.zarr')])
    expect(agg.errors).toHaveLength(1)
    expect((agg.errors[0] as Error).message).toContain('disk vanished')
    expect(ms.ensembleTrans!.closed).toBe(true)
    await expect(ms.close()).resolves.toBeUndefined()
  })

  it('propagates a worker failure with its realization and cause, and leaves no store', async () => {
    const ms = new Multisite(obs)
    const error = await ms
      .simulateEnsemble(4, { root, name: 'broken', workers: 2, testOnlyFailRealization: 2 })
      .catch((e: unknown) => e)
    expect(isMultisiteError(error, 'RealizationFailedError')).toBe(true)
    if (!isMultisiteError(error, 'RealizationFailedError')) return
    expect(error.realization).toBe(2)
    expect(error.message).toContain('Realization 2 of the ensemble failed')
    expect((error.cause as Error).message).toBe(
      'injected failure in realization 2 (testOnlyFailRealization)',
    )
    expect(readdirSync(root).filter((f) => f.startsWith('broken'))).toEqual([])
    expect(openUnder(join(root, 'broken'))).toEqual([])
    expect(ms.ensemble).toBeUndefined()
    await ms.close()
  })

  it('refuses to simulate once closed, with a typed error', async () => {
    const ms = new Multisite(obs)
    await ms[Symbol.asyncDispose]()
    expect(ms.closed).toBe(true)
    await expect(ms.simulate()).rejects.toThrow(
      'Multisite is closed: cannot simulate. Create a new Multisite.',
    )
    const error = await ms.simulateEnsemble(1, { root }).catch((e: unknown) => e)
    expect(isMultisiteError(error, 'MultisiteClosedError')).toBe(true)
  })

  it('writes Zarr v2 stores with xarray metadata when asked', async () => {
    await using ms = new Multisite(obs)
    await ms.simulateEnsemble(1, { root, name: 'v2', zarrFormat: 2, workers: 1 })
    expect(ms.ensemble!.zarrFormat).toBe(2)
    const store = join(root, 'v2', 'ensemble.zarr')
    expect(existsSync(join(store, '.zgroup'))).toBe(true)
    expect(existsSync(join(store, 'ensemble', '.zattrs'))).toBe(true)
    await using reopened = await openDataset(store)
    expect(reopened.variables.ensemble!.shape).toEqual([1, S, V, T])
  })

  it('fits from an open Dataset of observations, which it does not close', async () => {
    await using input = await writeObservations(join(root, 'obs.zarr'), obs)
    await using ms = new Multisite(input)
    expect(() => ms.dataTrans).toThrow('Call `await multisite.fit()` first')
    await ms.fit()
    expect(ms.dataTrans).toEqual(new Multisite(obs).dataTrans)
    expect(ms.observations.startDate).toBe('2000-01-01')
    await ms.close()
    expect(input.closed).toBe(false)
  })
})

/** Counts close() calls on real datasets by wrapping each instance's method. */
function countCloses(datasets: Dataset[]): () => number[] {
  const counts = datasets.map(() => 0)
  datasets.forEach((ds, i) => {
    const real = ds.close.bind(ds)
    ds.close = async () => {
      counts[i]!++
      await real()
    }
  })
  return () => [...counts]
}
