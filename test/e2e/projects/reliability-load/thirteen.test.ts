import { test } from 'vitest'
import { burst } from './burst.js'

const held: unknown[] = []

test('300 stores at once, 13 left open', async () => {
  held.push(...(await burst('thirteen', 13)))
})
