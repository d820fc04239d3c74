import { test } from 'vitest'

// In its own file: a worker dying later in the same file could take this test's result
// with it before vitest's main process received it.
test('calls process.exit(1) mid-test', () => {
  // vitest replaces process.exit in its workers with a throw: the test fails, no crash.
  process.exit(1)
})

test('runs after the process.exit(1)', () => {})
