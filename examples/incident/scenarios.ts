import { exampleObservations, type Multisite } from 'leakguard'
import type { TestAPI } from 'vitest'

/**
 * The incident's suite at small scale: every test simulates an ensemble without
 * disaggregation (so `ensembleDaily` is the same object as `ensemble`) and reads both
 * stores, which fills their decoded-chunk caches: 12 realizations × 3 stations ×
 * 4 variables × 30 years of float64 is about 12.6 MB per store. A store left open keeps
 * that memory, test after test, as the incident's datasets kept theirs (10 GB a test).
 */
export const ENSEMBLE = { n: 12, days: 30 * 365, dtype: 'float64', disaggregate: false } as const

/** Small deterministic observations shared by both suites. */
export const observations = exampleObservations({ stations: 3, years: 4, seed: 42 })

/** What each suite's fixtures give a test. */
export interface IncidentFixtures {
  workdir: string
  multisite: Multisite
}

/** Defines the same tests for the "before" and the "after" suite. */
export function defineIncidentTests(test: TestAPI<IncidentFixtures>): void {
  for (const seed of [1, 2, 3, 4]) {
    test(`ensemble ${seed}: simulated means are finite`, async ({ multisite, workdir }) => {
      await multisite.simulateEnsemble(ENSEMBLE.n, { ...ENSEMBLE, root: workdir, seed })
      const daily = await multisite.ensembleDaily!.read('ensemble')
      const trans = await multisite.ensembleTrans!.read('ensemble_trans')
      const mean = (values: ArrayLike<number>): number => {
        let sum = 0
        for (let i = 0; i < values.length; i++) sum += values[i] ?? 0
        return sum / values.length
      }
      if (!Number.isFinite(mean(daily.data)) || !Number.isFinite(mean(trans.data))) {
        throw new Error('non-finite ensemble mean')
      }
    })
  }
}
