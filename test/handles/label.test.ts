import { pathToFileURL } from 'node:url'
import { expect, test } from 'vitest'
import { pathLabel } from '../../src/handles/kinds/label.js'

test('a path label is relative inside the root, absolute outside it, normalized or not', () => {
  const root = '/work/proj'
  expect(
    [
      '/work/proj',
      '/work/proj/',
      '/work/proj/a.txt',
      '/work/proj/d/a.txt',
      '/work/proj/a/',
      '/work/proj/./a',
      '/work/proj//a',
      '/work/proj/d/../a',
      '/work/proj/.hidden',
      '/work/proj/..a',
      '/work/projX/a',
      '/work/proj/../x',
      '/tmp/x',
      'rel/a',
    ].map((path) => pathLabel(path, root)),
  ).toEqual([
    '.',
    '.',
    'a.txt',
    'd/a.txt',
    'a',
    'a',
    'a',
    'a',
    '.hidden',
    '..a',
    '/work/projX/a',
    '/work/proj/../x',
    '/tmp/x',
    'rel/a',
  ])
  expect(pathLabel(pathToFileURL('/work/proj/u.txt'), root)).toBe('u.txt')
  expect(pathLabel(Buffer.from('/work/proj/b.txt'), root)).toBe('b.txt')
  expect(pathLabel('/a/b', '/')).toBe('a/b')
})
