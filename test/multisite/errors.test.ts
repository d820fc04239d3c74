import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isMultisiteError } from '../../src/multisite/errors.js'
import { Multisite } from '../../src/multisite/multisite.js'
import { exampleObservations, type Observations } from '../../src/multisite/observations.js'
import { resolveWorkerFile } from '../../src/multisite/worker-path.js'

const obs = exampleObservations({ stations: 2, years: 2, seed: 2 })
let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'leakguard-multisite-errors-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

function withValue(index: number, value: number): Observations {
  const data = Float64Array.from(obs.data)
  data[index] = value
  return { ...obs, data }
}

function fitError(input: Observations): unknown {
  try {
    new Multisite(input)
  } catch (error) {
    return error
  }
  throw new Error('expected the fit to fail')
}

describe('bad observations', () => {
  it('refuses a record shorter than two years', () => {
    const days = 700
    const short: Observations = {
      ...obs,
      shape: [days, 2, 4],
      data: obs.data.slice(0, days * 8),
    }
    const error = fitError(short)
    expect(isMultisiteError(error, 'InvalidObservationsError')).toBe(true)
    expect((error as Error).message).toBe(
      'The record is too short: 700 days, at least 730 (two years) are needed to fit day-of-year marginals',
    )
  })

  it('refuses mismatched dims and lengths, naming each mismatch', () => {
    expect(
      (fitError({ ...obs, dims: ['station', 'time', 'variable'] } as never) as Error).message,
    ).toBe('Expected observation dims (time, station, variable), got (station, time, variable)')
    const error = fitError({ ...obs, latitude: [47] })
    expect(isMultisiteError(error, 'InvalidObservationsError') && error.problem).toBe(
      'dims-mismatch',
    )
    expect((error as Error).message).toContain('1 latitudes for 2')
    expect((fitError({ ...obs, data: obs.data.slice(1) }) as Error).message).toContain(
      `data has ${obs.data.length - 1} values, shape needs ${obs.data.length}`,
    )
  })

  it('refuses NaN gaps with their count and first position instead of infilling', () => {
    const gappy = withValue(8 * 10 + 4 + 2, Number.NaN) // time 10, station 1, variable rh
    gappy.data[8 * 20] = Number.NaN
    const error = fitError(gappy)
    expect(isMultisiteError(error, 'InvalidObservationsError')).toBe(true)
    if (!isMultisiteError(error, 'InvalidObservationsError')) return
    expect(error.problem).toBe('missing-values')
    expect([error.timeIndex, error.station, error.variable]).toEqual([10, 'Freiburg', 'rh'])
    expect(error.message).toContain('2 missing (NaN) value(s)')
  })

  it('refuses infinite values and negative precipitation', () => {
    const inf = fitError(withValue(5, Number.POSITIVE_INFINITY))
    expect(isMultisiteError(inf, 'InvalidObservationsError') && inf.problem).toBe('non-finite')
    expect((inf as Error).message).toBe(
      'Non-finite value Infinity at time index 0, station "Freiburg", variable "R"',
    )
    const negative = fitError(withValue(1, -0.5))
    expect(isMultisiteError(negative, 'InvalidObservationsError') && negative.problem).toBe(
      'negative-precipitation',
    )
  })

  it('refuses unknown variables and duplicate station names', () => {
    const unknown = fitError({ ...obs, variables: ['theta', 'R', 'rh', 'wind'] })
    expect((unknown as Error).message).toBe(
      'Unknown variable "wind": expected some of theta, R, rh, Qsw',
    )
    const duplicate = fitError({ ...obs, stations: ['A', 'A'] })
    expect((duplicate as Error).message).toBe('Duplicate station name "A"')
  })
})

describe('bad options', () => {
  const ms = new Multisite(obs)

  it('refuses n < 1 and other bad ensemble options before any work', async () => {
    const cases: [number, object, string][] = [
      [0, { root }, 'Expected `n` to be an integer ≥ 1, got `0` (number)'],
      [2.5, { root }, 'Expected `n` to be an integer ≥ 1, got `2.5` (number)'],
      [1, { root, workers: 0 }, 'Expected `workers` to be an integer ≥ 1, got `0` (number)'],
      [1, { root: '' }, "Expected `root` to be a directory path, got `''` (string)"],
      [
        1,
        { root, name: '../x' },
        "Expected `name` to be a plain directory name (letters, digits, '_', '-', '.', not ending in .incomplete), got `'../x'` (string)",
      ],
      [1, { root, zarrFormat: 4 }, 'Expected `zarrFormat` to be 2 or 3, got `4` (number)'],
    ]
    for (const [n, options, message] of cases) {
      const error = await ms.simulateEnsemble(n, options as never).catch((e: unknown) => e)
      expect(isMultisiteError(error, 'MultisiteOptionError'), message).toBe(true)
      expect((error as Error).message).toBe(message)
    }
  })

  it('refuses to overwrite an existing ensemble', async () => {
    await ms.simulateEnsemble(1, { root, name: 'taken', workers: 1 })
    const error = await ms
      .simulateEnsemble(1, { root, name: 'taken', workers: 1 })
      .catch((e: unknown) => e)
    expect(isMultisiteError(error, 'MultisiteOptionError')).toBe(true)
    expect((error as Error).message).toContain(`${join(root, 'taken')} exists`)
    await ms.close()
  })

  it('says to run `npm run build` when the compiled worker is missing', () => {
    expect(() => resolveWorkerFile('file:///nowhere/src/multisite/multisite.ts')).toThrow(
      'The ensemble worker /nowhere/dist/src/multisite/realization-worker.js does not exist. ' +
        'tinypool workers must be compiled JavaScript: run `npm run build` first.',
    )
  })
})
