import { test } from 'vitest'

test('runs before the crash', () => {})

test('is killed mid-test, like an OOM kill', () => {
  // SIGKILL cannot be caught: the worker's log must already hold this test's start line.
  process.kill(process.pid, 'SIGKILL')
})
