import { describe, expect, test } from 'vitest'
import type { LeakEntry } from '../../src/report/model.js'
import { decideScope, type ScopeVerdictInput } from '../../src/verdict/index.js'

const leak: LeakEntry = {
  id: 'h3',
  kind: 'dataset',
  label: '/data/shared.zarr',
  openedAt: 'test/a.test.ts:4:20',
  stack: 'Error: \n    at /repo/test/a.test.ts:4:20',
  state: 'open',
}
const base: ScopeVerdictInput = {
  subject: { kind: 'file', name: 'test/a.test.ts', file: 'test/a.test.ts' },
  policy: { onLeak: 'fail', allow: [] },
  leaks: [],
}
const decide = (input: Partial<ScopeVerdictInput>) => decideScope({ ...base, ...input })
const note = 'h3 was opened by a callback of test "a" after that test had ended'
const message = [
  'Test file test/a.test.ts (module scope, file or worker fixtures) left 1 handle open when it ended:',
  '  - dataset "/data/shared.zarr" (h3) opened at test/a.test.ts:4:20',
  `  note: ${note}`,
  'Fix: close it with `await ds.close()` (in the test, or in the fixture after `use()`), or hold it with `await using ds = …` so it closes itself.',
].join('\n')

describe('decideScope', () => {
  test('ok: nothing left open', () => {
    expect(decide({})).toEqual({ status: 'ok', leaks: [], notes: [], errors: [], warnings: [] })
  })

  test('leak (fail): one HandleLeakError against the file, with the notes', () => {
    const verdict = decide({ leaks: [leak], notes: [note] })
    expect(verdict.status).toBe('leak')
    expect(verdict.leaks).toEqual([leak])
    expect(verdict.notes).toEqual([note])
    expect(verdict.errors).toEqual([
      {
        name: 'HandleLeakError',
        message,
        stack: `HandleLeakError: ${message}\n    at /repo/test/a.test.ts:4:20`,
      },
    ])
  })

  test('a suite is named as a suite', () => {
    const verdict = decide({
      leaks: [leak],
      subject: { kind: 'suite', name: 'outer > inner', file: 'test/a.test.ts' },
    })
    expect(verdict.errors[0]?.message.split('\n')[0]).toBe(
      'Suite "outer > inner" (test/a.test.ts) left 1 handle open when it ended:',
    )
  })

  test('leak (warn): the message as a warning, no error', () => {
    const verdict = decide({ leaks: [leak], notes: [note], policy: { onLeak: 'warn', allow: [] } })
    expect(verdict.status).toBe('leak')
    expect(verdict.errors).toEqual([])
    expect(verdict.warnings).toEqual([message])
  })

  test('onLeak: off decides nothing', () => {
    expect(decide({ leaks: [leak], policy: { onLeak: 'off', allow: [] } })).toMatchObject({
      status: 'ok',
      leaks: [],
      errors: [],
    })
  })

  test('allowed-only: listed with the reason, status ok, nothing raised', () => {
    const allow = [
      {
        kind: undefined,
        label: undefined,
        labelPattern: undefined,
        openedAt: 'test/a.test.ts:4',
        reason: 'shared on purpose',
      },
    ]
    const verdict = decide({ leaks: [leak], policy: { onLeak: 'fail', allow } })
    expect(verdict.status).toBe('ok')
    expect(verdict.leaks).toEqual([{ ...leak, allowedReason: 'shared on purpose' }])
    expect(verdict.errors).toEqual([])
    expect(verdict.warnings).toEqual([])
  })
})
