import { formatSize } from '../memory/size.js'
import type { LeakEntry, TestMemory, TestStatus } from '../report/model.js'
import { oomRisk } from '../report/status.js'
import { applyAllowList } from './allow.js'
import { formatLeakMessage, handleLeakError, type LeakSubject } from './leak-message.js'
import { failingLeaks, type Verdict, type VerdictError, type VerdictPolicy } from './model.js'

/** Everything the verdict on one test depends on, measured beforehand. Plain data. */
export interface TestVerdictInput {
  /** The test: its full name and file, relative to the root. */
  readonly subject: LeakSubject
  readonly policy: VerdictPolicy
  /**
   * Handles the test left open or let be collected while open, as measured (open site,
   * source line, held bytes), before the allow-list.
   */
  readonly leaks: readonly LeakEntry[]
  /**
   * Leaks whose error was already raised for this test (by the `multisite` fixture at its
   * teardown): listed and counted, never raised a second time. A measured leak with the
   * same id is the same handle and appears once.
   */
  readonly reported?: readonly LeakEntry[]
  /** Findings of the measurement (e.g. opens still under way), first among the notes. */
  readonly notes?: readonly string[]
  /** Extra lines of the leak message, e.g. who reports it. */
  readonly leakNotes?: readonly string[]
  /** The test's memory figures; `null` decides on leaks only (the fixture's check). */
  readonly memory: TestMemory | null
  /** Memory the process can really use (cgroup or RAM), for `oom-risk`; absent skips it. */
  readonly availableBytes?: number
}

/**
 * The verdict on one test. Pure: the same input gives the same verdict.
 *
 * - `leak` when a handle no allow-list entry excuses was left open (with `onLeak: 'fail'`
 *   a `HandleLeakError`, with `'warn'` a warning and a note; `'off'` ignores leaks);
 * - `over-limit` when its peak RSS growth passed `memoryLimit` (a `MemoryLimitError`);
 * - `oom-risk` when its peak came near the memory available (a note);
 * - `ok` otherwise. The first that applies names the status; every one adds its note.
 */
export function decideTest(input: TestVerdictInput): Verdict {
  const { subject, policy, memory } = input
  const notes = [...(input.notes ?? [])]
  const errors: VerdictError[] = []
  const warnings: string[] = []
  let status: TestStatus = 'ok'
  const reported = policy.onLeak === 'off' ? [] : (input.reported ?? [])
  const reportedIds = new Set(reported.map((leak) => leak.id))
  const measured =
    policy.onLeak === 'off'
      ? []
      : applyAllowList(
          input.leaks.filter((leak) => !reportedIds.has(leak.id)),
          policy.allow,
        )
  const leaks = [...reported, ...measured]
  if (failingLeaks(reported).length > 0) status = 'leak'
  const failing = failingLeaks(measured)
  if (failing.length > 0) {
    status = 'leak'
    const message = formatLeakMessage(subject, failing, input.leakNotes)
    if (policy.onLeak === 'fail') {
      errors.push(handleLeakError(message, failing))
    } else {
      warnings.push(message)
      notes.push(message)
    }
  }
  if (memory && policy.memoryLimit !== null && memory.peakRssDelta > policy.memoryLimit) {
    if (status === 'ok') status = 'over-limit'
    const shared = memory.rssScope === 'shared-process' ? ' (process-wide RSS: threads pool)' : ''
    const message =
      `Test "${subject.name}" (${subject.file}) was limited to ${formatSize(policy.memoryLimit)} ` +
      `but peaked at ${formatSize(memory.peakRssDelta)} above its start (peak RSS ` +
      `${formatSize(memory.peakRss)}, ${memory.peakMethod})${shared}`
    notes.push(message)
    errors.push({ name: 'MemoryLimitError', message, stack: `MemoryLimitError: ${message}` })
  }
  if (memory && input.availableBytes !== undefined) {
    const risk = oomRisk(memory.peakRss, input.availableBytes)
    if (risk.atRisk) {
      if (status === 'ok') status = 'oom-risk'
      notes.push(`OOM risk: ${risk.note}`)
    }
  }
  return { status, leaks, notes, errors, warnings }
}
