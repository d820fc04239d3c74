import { test } from 'vitest'

test('never runs: the config is refused first', () => {})
