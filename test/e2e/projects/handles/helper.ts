import { type Dataset, openDataset } from 'leakguard'

/** Opens results one call away from the test: the open site is in this module. */
export async function openResults(path: string): Promise<Dataset> {
  const results = await openDataset(path)
  return results
}
