import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'

/** A fresh temp dir per test, removed after it; returns a function naming stores inside. */
export function useTempStores(): (name?: string) => string {
  let dir: string | undefined
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
    dir = undefined
  })
  return (name = 'store.zarr') => {
    dir ??= mkdtempSync(join(tmpdir(), 'leakguard-dataset-'))
    return join(dir, name)
  }
}
