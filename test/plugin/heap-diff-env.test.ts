import { describe, expect, test } from 'vitest'
import { heapDiffTests, withRerunEnv } from '../../plugin/heap-diff-env.js'
import { isLeakguardOptionsError, resolveOptions } from '../../plugin/options.js'
import { heapDiffLines } from '../../src/report/heap-diff-lines.js'

const root = '/project'

describe('heap-diff env of the rerun', () => {
  test('an ordinary run: options unchanged; the workers diff all tests only with always', () => {
    const options = resolveOptions({ gate: true }, root)
    expect(withRerunEnv(options, {})).toBe(options)
    expect(heapDiffTests(options, {})).toBe('none')
    expect(heapDiffTests(resolveOptions({ heapDiff: 'always' }, root), {})).toBe('all')
    expect(heapDiffTests(resolveOptions({ heapDiff: 'off' }, root), {})).toBe('none')
  })

  test('the rerun: its own outDir, no gate, never a further rerun, only the listed tests', () => {
    const env = {
      LEAKGUARD_HEAP_DIFF_TESTS: '["a.test.ts > keeps"]',
      LEAKGUARD_OUT_DIR: '/project/.leakguard/heap-diff',
    }
    const options = withRerunEnv(resolveOptions({ gate: true }, root), env)
    expect(options).toMatchObject({
      outDir: '/project/.leakguard/heap-diff',
      gate: false,
      heapDiff: 'off',
    })
    expect(heapDiffTests(options, env)).toEqual(['a.test.ts > keeps'])
  })

  test('a malformed list is a typed error that shows it', () => {
    const env = { LEAKGUARD_HEAP_DIFF_TESTS: '{oops' }
    let error: unknown
    try {
      heapDiffTests(resolveOptions({}, root), env)
    } catch (caught) {
      error = caught
    }
    expect(isLeakguardOptionsError(error)).toBe(true)
    expect((error as Error).message).toBe(
      "Expected `LEAKGUARD_HEAP_DIFF_TESTS` to be a JSON array of test keys (it is internal, set by leakguard's heap-diff rerun), got `'{oops'` (string)",
    )
  })
})

test('heapDiffLines: count with separators, constructor, retained size; top rows only', () => {
  const row = (name: string, count: number, bytes: number) => ({
    constructor: name,
    count,
    bytes,
    selfBytes: 0,
  })
  const diff = {
    source: 'rerun' as const,
    added: [row('Float64Array', 10_000, 2.5 * 1024 * 1024), row('ArrayBuffer', 1, 512)],
    beforeBytes: 0,
    afterBytes: 0,
    durationMs: 0,
  }
  expect(heapDiffLines(diff)).toEqual(['+10,000 Float64Array 2.5 MB', '+1 ArrayBuffer 512.0 B'])
  expect(heapDiffLines(diff, 1)).toEqual(['+10,000 Float64Array 2.5 MB'])
})
