import { open } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { test } from 'vitest'

const fixture = join(import.meta.dirname, 'fixture.txt')
const handles: { close(): Promise<void> }[] = []

test.concurrent('concurrent A leaks while B runs', async () => {
  await sleep(5)
  handles.push(await open(fixture))
  await sleep(20)
})

test.concurrent('concurrent B closes its own', async () => {
  const fh = await open(fixture)
  await sleep(10)
  await fh.close()
})

test('concurrent cleanup', async () => {
  for (const fh of handles) await fh.close()
})
