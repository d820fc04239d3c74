import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { exampleObservations, isMultisiteError, Multisite } from 'leakguard'
import { expect, test } from 'vitest'
import { scratch } from './stores.js'

test('a worker throws mid-ensemble: typed error with cause and index, no store left', async () => {
  await using ms = new Multisite(exampleObservations({ stations: 2, years: 2, seed: 3 }))
  const error = await ms
    .simulateEnsemble(6, { root: scratch, name: 'broken', workers: 2, testOnlyFailRealization: 3 })
    .catch((e: unknown) => e)
  expect(isMultisiteError(error, 'RealizationFailedError')).toBe(true)
  if (!isMultisiteError(error, 'RealizationFailedError')) return
  expect(error.realization).toBe(3)
  expect((error.cause as Error).message).toBe(
    'injected failure in realization 3 (testOnlyFailRealization)',
  )
  expect(existsSync(join(scratch, 'broken'))).toBe(false)
  expect(readdirSync(scratch).filter((name) => name.startsWith('broken'))).toEqual([])
  expect(ms.ensemble).toBeUndefined()
})
