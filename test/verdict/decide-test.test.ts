import { describe, expect, test } from 'vitest'
import { decideTest, type TestVerdictInput } from '../../src/verdict/index.js'
import { MB, memory as memoryFigures } from '../report/make-report.js'
import { simLeak as leak, simLeakLines as leakLines } from './sim-leak.js'

const other = {
  ...leak,
  id: 'h8',
  label: '/data/other.zarr',
  openedAt: 'test/sim.test.ts:20:3',
}
// Peak RSS 300 MB, 200 MB above its start; 1 MB retained.
const memory = memoryFigures(200 * MB, MB)
const base: TestVerdictInput = {
  subject: { kind: 'test', name: 'sim > ensemble', file: 'test/sim.test.ts' },
  policy: { onLeak: 'fail', allow: [], memoryLimit: null },
  leaks: [],
  memory,
  availableBytes: 16_000 * MB,
}
const decide = (input: Partial<TestVerdictInput>) => decideTest({ ...base, ...input })

describe('decideTest', () => {
  test('ok: nothing open, within every limit, says nothing', () => {
    expect(decide({})).toEqual({ status: 'ok', leaks: [], notes: [], errors: [], warnings: [] })
  })

  test('leak (onLeak: fail): one HandleLeakError naming the handle, its line and the fix', () => {
    const verdict = decide({ leaks: [leak] })
    expect(verdict.status).toBe('leak')
    expect(verdict.leaks).toEqual([leak])
    expect(verdict.notes).toEqual([])
    expect(verdict.warnings).toEqual([])
    expect(verdict.errors).toEqual([
      {
        name: 'HandleLeakError',
        message: leakLines.join('\n'),
        stack: [
          `HandleLeakError: ${leakLines.join('\n')}`,
          '    at /repo/test/sim.test.ts:12:14',
        ].join('\n'),
      },
    ])
  })

  test('leak (onLeak: warn): a warning and a note carrying the same message, no error', () => {
    const verdict = decide({ leaks: [leak], policy: { ...base.policy, onLeak: 'warn' } })
    expect(verdict.status).toBe('leak')
    expect(verdict.errors).toEqual([])
    expect(verdict.warnings).toEqual([leakLines.join('\n')])
    expect(verdict.notes).toEqual([leakLines.join('\n')])
  })

  test('onLeak: off ignores leaks, even ones already reported', () => {
    const verdict = decide({
      leaks: [leak],
      reported: [other],
      policy: { ...base.policy, onLeak: 'off' },
    })
    expect(verdict).toEqual({ status: 'ok', leaks: [], notes: [], errors: [], warnings: [] })
  })

  test('allowed-only leaks are listed with their reason, status ok, nothing raised', () => {
    const allow = [
      {
        kind: 'dataset',
        label: undefined,
        labelPattern: undefined,
        openedAt: undefined,
        reason: 'legacy',
      },
    ]
    const verdict = decide({ leaks: [leak], policy: { ...base.policy, allow } })
    expect(verdict.status).toBe('ok')
    expect(verdict.leaks).toEqual([{ ...leak, allowedReason: 'legacy' }])
    expect(verdict.errors).toEqual([])
    expect(verdict.warnings).toEqual([])
  })

  test('of an allowed and a failing leak, only the failing one is in the message', () => {
    const allow = [
      {
        kind: undefined,
        label: '/data/other.zarr',
        labelPattern: undefined,
        openedAt: undefined,
        reason: 'known',
      },
    ]
    const verdict = decide({ leaks: [leak, other], policy: { ...base.policy, allow } })
    expect(verdict.status).toBe('leak')
    expect(verdict.leaks.map((entry) => entry.allowedReason)).toEqual([undefined, 'known'])
    expect(verdict.errors.map((error) => error.message)).toEqual([leakLines.join('\n')])
  })

  test('leaks a fixture already raised are listed once and not raised again', () => {
    const verdict = decide({
      leaks: [{ ...leak, state: 'collected-while-open' }],
      reported: [leak],
    })
    expect(verdict.status).toBe('leak')
    expect(verdict.leaks).toEqual([leak])
    expect(verdict.errors).toEqual([])
    // A handle the fixture did not see is still raised, alone.
    const both = decide({ leaks: [leak, other], reported: [leak] })
    expect(both.leaks.map((entry) => entry.id)).toEqual(['h7', 'h8'])
    expect(both.errors).toHaveLength(1)
    expect(both.errors[0]?.message).toContain('left 1 handle open')
    expect(both.errors[0]?.message).toContain('(h8)')
    expect(both.errors[0]?.message).not.toContain('(h7)')
  })

  test('the fixture’s own line goes into the message, before the fix', () => {
    const [error] = decide({ leaks: [leak], leakNotes: ['reported by the fixture'] }).errors
    expect(error?.message.split('\n').slice(-2)).toEqual([
      '  note: reported by the fixture',
      leakLines[3],
    ])
  })

  test('over-limit: a MemoryLimitError with the limit and the figure, on both sides of it', () => {
    const limit = 200 * MB
    expect(decide({ policy: { ...base.policy, memoryLimit: limit } }).status).toBe('ok')
    const verdict = decide({ policy: { ...base.policy, memoryLimit: limit - 1 } })
    const message =
      'Test "sim > ensemble" (test/sim.test.ts) was limited to 200.0 MB but peaked at 200.0 MB ' +
      'above its start (peak RSS 300.0 MB, kernel-hwm)'
    expect(verdict.status).toBe('over-limit')
    expect(verdict.notes).toEqual([message])
    expect(verdict.errors).toEqual([
      { name: 'MemoryLimitError', message, stack: `MemoryLimitError: ${message}` },
    ])
  })

  test('over-limit under a threads pool says the RSS is process-wide', () => {
    const verdict = decide({
      memory: { ...memory, rssScope: 'shared-process' },
      policy: { ...base.policy, memoryLimit: MB },
    })
    expect(verdict.errors[0]?.message).toMatch(
      /\(peak RSS 300\.0 MB, kernel-hwm\) \(process-wide RSS: threads pool\)$/,
    )
  })

  test('a leak and a limit: status leak, both errors, leak first', () => {
    const verdict = decide({ leaks: [leak], policy: { ...base.policy, memoryLimit: MB } })
    expect(verdict.status).toBe('leak')
    expect(verdict.errors.map((error) => error.name)).toEqual([
      'HandleLeakError',
      'MemoryLimitError',
    ])
  })

  test('oom-risk: a note when the peak reaches 80% of the memory available, on both sides', () => {
    expect(decide({ availableBytes: 376 * MB }).status).toBe('ok') // 79.8%
    const verdict = decide({ availableBytes: 375 * MB }) // 80%
    expect(verdict.status).toBe('oom-risk')
    expect(verdict.notes).toEqual(['OOM risk: peaked at 300.0 MB, 80% of the 375.0 MB available'])
    expect(verdict.errors).toEqual([])
    // A worse status wins, the note stays.
    const over = decide({ availableBytes: 375 * MB, policy: { ...base.policy, memoryLimit: MB } })
    expect(over.status).toBe('over-limit')
    expect(over.notes.at(-1)).toMatch(/^OOM risk: /)
  })

  test('without memory figures (the fixture’s check) only leaks are decided', () => {
    const verdict = decide({
      memory: null,
      policy: { ...base.policy, memoryLimit: 1 },
      availableBytes: 1,
    })
    expect(verdict).toEqual({ status: 'ok', leaks: [], notes: [], errors: [], warnings: [] })
  })

  test('measurement notes come first, and the input is not changed', () => {
    const notes = ['1 open(s) begun by this test were still under way']
    const leaks = [leak]
    const verdict = decide({ notes, leaks, policy: { ...base.policy, onLeak: 'warn' } })
    expect(verdict.notes[0]).toBe(notes[0])
    expect(notes).toHaveLength(1)
    expect(leaks).toEqual([leak])
  })
})
