import fc from 'fast-check'
import { expect, test } from 'vitest'
import { jsonSyntaxErrorOffset } from '../../src/report/json-scan.js'

function parses(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

test('agrees with JSON.parse on which texts are valid', () => {
  fc.assert(fc.property(fc.json(), (text) => jsonSyntaxErrorOffset(text) === undefined))
  // Valid JSON with one character dropped or inserted: the scanner and V8 must agree.
  fc.assert(
    fc.property(
      fc.json(),
      fc.nat(),
      fc.constantFrom('', ',', '}', ']', '"', ':', 'x'),
      (text, at, char) => {
        const index = at % (text.length + 1)
        const mutated = text.slice(0, index) + char + text.slice(index + (char === '' ? 1 : 0))
        expect(jsonSyntaxErrorOffset(mutated) === undefined).toBe(parses(mutated))
      },
    ),
  )
})

test('points at the offending character', () => {
  expect(jsonSyntaxErrorOffset('{"a": 1,}')).toBe(8)
  expect(jsonSyntaxErrorOffset('[1, 2')).toBe(5)
  expect(jsonSyntaxErrorOffset('{"a": tru}')).toBe(6)
  expect(jsonSyntaxErrorOffset('{} x')).toBe(3)
})
