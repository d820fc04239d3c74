import { expect, test } from 'vitest'
import { formatSize, parseSize } from '../../src/memory/size.js'

test('parseSize reads human sizes (binary units) and byte counts', () => {
  expect(parseSize('512 MB')).toBe(512 * 1024 ** 2)
  expect(parseSize('2GB')).toBe(2 * 1024 ** 3)
  expect(parseSize('1.5 kb')).toBe(1536)
  expect(parseSize(4096)).toBe(4096)
})

test('parseSize rejects negatives, non-finite numbers and words', () => {
  for (const bad of [-3, Number.NaN, Number.POSITIVE_INFINITY, '-1 MB', 'lots', '', null, {}]) {
    expect([bad, parseSize(bad)]).toEqual([bad, undefined])
  }
})

test('formatSize keeps one decimal so close figures read differently', () => {
  expect(formatSize(2 * 1024 ** 3)).toBe('2.0 GB')
  expect(formatSize(2.1 * 1024 ** 3)).toBe('2.1 GB')
  expect(formatSize(300 * 1024 ** 2)).toBe('300.0 MB')
  expect(formatSize(-12.5 * 1024 ** 2)).toBe('-12.5 MB')
  expect(formatSize(0)).toBe('0.0 B')
})
