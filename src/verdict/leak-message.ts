import { isInternalFrame, parseFrame } from '../handles/index.js'
import { formatSize } from '../memory/size.js'
import { describeHandle } from '../report/handle-ref.js'
import type { LeakEntry } from '../report/model.js'
import type { VerdictError } from './model.js'

/** Who leaked: a test, a suite (`beforeAll`), or a file (module scope, file fixtures). */
export interface LeakSubject {
  readonly kind: 'test' | 'suite' | 'file'
  /** `suite > test`, or the suite's full name; ignored for a file. */
  readonly name: string
  /** Relative to the root. */
  readonly file: string
}

function subjectText(subject: LeakSubject): string {
  if (subject.kind === 'file')
    return `Test file ${subject.file} (module scope, file or worker fixtures)`
  const word = subject.kind === 'test' ? 'Test' : 'Suite'
  return `${word} "${subject.name}" (${subject.file})`
}

function handleLines(leak: LeakEntry): string[] {
  const state =
    leak.state === 'collected-while-open' ? ' was garbage-collected without close(),' : ''
  const holding = leak.heldBytes ? ` holding ${formatSize(leak.heldBytes)},` : ''
  const lines = [`  - ${describeHandle(leak)}${state}${holding} opened at ${leak.openedAt}`]
  if (leak.sourceLine !== undefined) lines.push(`      ${leak.sourceLine}`)
  if (leak.allowedReason !== undefined) lines.push(`      allowed: ${leak.allowedReason}`)
  return lines
}

/**
 * The message of a leak: the subject and its file, each handle with kind, label, id,
 * `file:line:col` and the source line, then the fix.
 *
 * @param notes - extra lines, e.g. why a handle is blamed on the file rather than a test
 */
export function formatLeakMessage(
  subject: LeakSubject,
  leaks: readonly LeakEntry[],
  notes: readonly string[] = [],
): string {
  const count = leaks.length === 1 ? '1 handle' : `${leaks.length} handles`
  const when = subject.kind === 'test' ? 'after its teardown' : 'when it ended'
  return [
    `${subjectText(subject)} left ${count} open ${when}:`,
    ...leaks.flatMap(handleLines),
    ...notes.map((note) => `  note: ${note}`),
    ...fixLines(leaks),
  ].join('\n')
}

const DATASET_FIX =
  'close it with `await ds.close()` (in the test, or in the fixture after `use()`), ' +
  'or hold it with `await using ds = …` so it closes itself.'

/** One `Fix:` line per distinct advice, in the order the leaks name them. */
function fixLines(leaks: readonly LeakEntry[]): string[] {
  const fixes = new Set(leaks.map((leak) => leak.fix ?? DATASET_FIX))
  if (fixes.size === 0) fixes.add(DATASET_FIX)
  return [...fixes].map((fix) => `Fix: ${fix}`)
}

/**
 * A stack for the error that starts at the open site of the first handle, so vitest's
 * code frame shows the line that opened it rather than leakguard's internals.
 */
export function leakErrorStack(message: string, leaks: readonly LeakEntry[]): string {
  const frames = (leaks[0]?.stack ?? '').split('\n').slice(1)
  const firstUser = frames.findIndex((frame) => {
    const site = parseFrame(frame)
    return site !== undefined && !isInternalFrame(site.file)
  })
  const userFrames = firstUser === -1 ? frames : frames.slice(firstUser)
  return [`HandleLeakError: ${message}`, ...userFrames].join('\n')
}

/** The `HandleLeakError` a verdict raises for `failing` leaks, under `onLeak: 'fail'`. */
export function handleLeakError(message: string, failing: readonly LeakEntry[]): VerdictError {
  return { name: 'HandleLeakError', message, stack: leakErrorStack(message, failing) }
}
