import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Dataset, Multisite } from 'leakguard'
import { test as base } from 'vitest'
import { type IncidentFixtures, observations } from '../scenarios.js'

/**
 * The old close helper, faithful to the incident: closing an already-closed dataset
 * raised. leakguard's own `Dataset.close()` is idempotent, so this helper reproduces
 * the old behaviour on purpose.
 */
async function legacyClose(dataset: Dataset | undefined): Promise<void> {
  if (dataset === undefined) return
  if (dataset.closed) throw new Error(`I/O operation on closed dataset ${dataset.path}`)
  await dataset.close()
}

/** The incident's fixture, ported as it was. Do not copy it: see ../after. */
export const test = base.extend<IncidentFixtures>({
  workdir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'incident-'))
    await use(dir)
    await rm(dir, { recursive: true, force: true })
  },
  multisite: async ({}, use) => {
    const multisite = new Multisite(observations)
    await use(multisite)
    try {
      await legacyClose(multisite.ensemble)
      // Without disaggregation this is the same object as `ensemble`: it raises…
      await legacyClose(multisite.ensembleDaily)
      // …so this line never runs, and the standard-normal ensemble stays open.
      await legacyClose(multisite.ensembleTrans)
    } catch {
      // The incident's bare `except: pass`: the one error that said what went wrong.
    }
  },
})
