import { test } from 'vitest'
import { makeStore } from './stores.js'

const MB = 1024 * 1024

/** Allocates and touches `size` bytes in one synchronous call, then drops them. */
function spike(size: number): number {
  const buffer = Buffer.alloc(size, 1)
  return buffer[size - 1] ?? 0
}

test('spike of 150 MB passes the 100 MB limit', () => {
  spike(150 * MB)
})

test('control: allocates nothing', () => {})

test('leaks a second store', async () => {
  await makeStore('second')
})
