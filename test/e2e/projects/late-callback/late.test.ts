import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { createDataset } from 'leakguard'
import { describe, test } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'leakguard-late-'))

describe.concurrent('concurrent', () => {
  test('A leaves a timer behind', () => {
    // Fires after A has ended, while B still runs: owned by A, found when the file ends.
    setTimeout(() => {
      void createDataset(join(dir, 'late.zarr'), {
        dims: { x: 2 },
        variables: { v: { dtype: 'float32', dims: ['x'] } },
      })
    }, 30)
  })
  test('B outlives it', async () => {
    await sleep(300)
  })
})
