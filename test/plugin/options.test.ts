import { describe, expect, test } from 'vitest'
import {
  isLeakguardOptionsError,
  type LeakguardOptionsError,
  resolveOptions,
} from '../../plugin/options.js'
import { handleKindNames } from '../../src/handles/kinds/index.js'

const root = '/project'

function errorOf(options: unknown): LeakguardOptionsError {
  try {
    resolveOptions(options, root)
  } catch (error) {
    if (isLeakguardOptionsError(error)) return error
    throw error
  }
  throw new Error('expected a LeakguardOptionsError')
}

describe('resolveOptions', () => {
  test('fills every default, with paths resolved against the root', () => {
    expect(resolveOptions(undefined, root)).toEqual({
      onLeak: 'fail',
      outDir: '/project/.leakguard',
      gc: false,
      memoryLimit: null,
      allow: [],
      baseline: '/project/leakguard.baseline.json',
      tolerance: { relative: 0.1, floorBytes: 16 * 1024 * 1024 },
      gate: false,
      heapDiff: 'on-failure',
      settleTurns: 3,
      track: [...handleKindNames],
      root,
    })
  })

  test('track selects kinds by name, and a misspelt kind is refused with the closest name', () => {
    expect(resolveOptions({ track: ['file', 'fd'] }, root).track).toEqual(['file', 'fd'])
    expect(resolveOptions({ track: [] }, root).track).toEqual([])
    expect(resolveOptions({ track: ['dgram'] }, root).track).toEqual(['dgram'])
    expect(errorOf({ track: ['dgarm'] }).message).toBe(
      'Unknown handle kind `dgarm` in `track`, did you mean `dgram`?',
    )
    expect(errorOf({ track: ['file', 'fdd'] }).message).toBe(
      'Unknown handle kind `fdd` in `track`, did you mean `fd`?',
    )
    const notArray = errorOf({ track: 'file' })
    expect(notArray.option).toBe('track')
    expect(notArray.message).toMatch(
      /^Expected `track` to be an array of kind names \('file', 'fd'.*\), got `'file'` \(string\)$/,
    )
  })

  test('parses sizes and allow entries', () => {
    const resolved = resolveOptions(
      {
        memoryLimit: '2 GB',
        tolerance: { floor: 1024 },
        allow: [{ kind: 'dataset', label: /legacy/, openedAt: 'test/old/**', reason: 'old' }],
      },
      root,
    )
    expect(resolved.memoryLimit).toBe(2 * 1024 ** 3)
    expect(resolved.tolerance.floorBytes).toBe(1024)
    expect(resolved.allow).toEqual([
      {
        kind: 'dataset',
        label: undefined,
        labelPattern: 'legacy',
        openedAt: 'test/old/**',
        reason: 'old',
      },
    ])
  })

  test('a bad size names the option, the expectation, the value and its type', () => {
    const error = errorOf({ memoryLimit: -3 })
    expect(error.message).toBe(
      "Expected `memoryLimit` to be a size like '512 MB', got `-3` (number)",
    )
    expect([error.option, error.received, error.name]).toEqual([
      'memoryLimit',
      -3,
      'LeakguardOptionsError',
    ])
    expect(errorOf({ memoryLimit: 'lots' }).message).toBe(
      "Expected `memoryLimit` to be a size like '512 MB', got `'lots'` (string)",
    )
  })

  test('an unknown key suggests the closest known one', () => {
    expect(errorOf({ outdir: 'x' }).message).toBe('Unknown option `outdir`, did you mean `outDir`?')
    expect(errorOf({ onleak: 'warn' }).message).toBe(
      'Unknown option `onleak`, did you mean `onLeak`?',
    )
  })

  test('enums, booleans and allow entries are checked', () => {
    expect(errorOf({ onLeak: 'fial' }).message).toBe(
      "Expected `onLeak` to be one of 'fail', 'warn', 'off', got `'fial'` (string)",
    )
    expect(errorOf({ gc: 'yes' }).message).toBe(
      "Expected `gc` to be true, false or 'auto', got `'yes'` (string)",
    )
    expect(errorOf({ allow: [{ kind: 'dataset' }] }).message).toBe(
      'Expected `allow[0].reason` to be a non-empty string, got `undefined` (undefined)',
    )
    expect(errorOf({ tolerance: { floor: '-1 MB' } }).option).toBe('tolerance.floor')
    expect(errorOf({ settleTurns: 1.5 }).option).toBe('settleTurns')
  })
})
