import { describe, expect, test } from 'vitest'
import { withMemory } from '../../fixtures/memory.js'
import { isLeakguardOptionsError, resolveOptions } from '../../plugin/options.js'
import { describeValue, expectedMessage } from '../../src/expected.js'
import { exampleObservations } from '../../src/multisite/observations.js'
import { parseFloor } from '../../src/report/tolerance.js'

function messageOf(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('expected a throw')
}

describe('describeValue', () => {
  test.each([
    [-3, '`-3` (number)'],
    [Number.NaN, '`NaN` (number)'],
    ['lots', "`'lots'` (string)"],
    ['', "`''` (string)"],
    [undefined, '`undefined` (undefined)'],
    [null, '`null` (null)'],
    [[0, 1], '`[0,1]` (array)'],
    [{ relative: '10%' }, '`{"relative":"10%"}` (object)'],
    [/db:\d+/, '`/db:\\d+/` (RegExp)'],
    [true, '`true` (boolean)'],
    [5n, '`5` (bigint)'],
  ])('%o', (value, shown) => {
    expect(describeValue(value)).toBe(shown)
  })

  test('a cyclic object and a very long value still give one short line', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(describeValue(cyclic)).toBe('`[object Object]` (object)')
    expect(describeValue('x'.repeat(500))).toBe(`\`'${'x'.repeat(78)}…\` (string)`)
  })
})

// The same bad value through each surface that checks options: the same message shape,
// with no surface adding its own prefix.
describe('every option check writes the same message', () => {
  test('the helper', () => {
    expect(expectedMessage('memoryLimit', "a size like '512 MB'", -3)).toBe(
      "Expected `memoryLimit` to be a size like '512 MB', got `-3` (number)",
    )
  })

  test('plugin options', () => {
    let message = ''
    try {
      resolveOptions({ memoryLimit: -3 }, '/project')
    } catch (error) {
      if (isLeakguardOptionsError(error)) message = error.message
    }
    expect(message).toBe("Expected `memoryLimit` to be a size like '512 MB', got `-3` (number)")
  })

  test('Multisite options', () => {
    expect(messageOf(() => exampleObservations({ stations: -3 }))).toBe(
      'Expected `stations` to be an integer ≥ 1, got `-3` (number)',
    )
  })

  test("the memory fixture's limits", async () => {
    let message = ''
    await withMemory('expected-message-test', async (memory) => {
      message = messageOf(() => memory.limit(-3))
    })
    expect(message).toBe("Expected `limit` to be a size like '512 MB', got `-3` (number)")
  })

  test('CLI flags (always strings)', () => {
    expect(messageOf(() => parseFloor('-3'))).toBe(
      "Expected `--floor` to be a size like '16 MB', got `'-3'` (string)",
    )
  })
})
