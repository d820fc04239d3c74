import { resolve } from 'node:path'
import type { RunnerTestCase } from 'vitest'
import { describeHandle } from '../src/report/handle-ref.js'
import { parseOpenedAt } from '../src/report/opened-at.js'
import type { LeakguardTestMeta } from './meta.js'

/** The part of vitest's runner that records an annotation on a finished test. */
interface Annotating {
  onTestAnnotate?: (
    test: RunnerTestCase,
    annotation: {
      message: string
      type: string
      location?: { file: string; line: number; column: number }
    },
  ) => unknown
}

/**
 * Under `onLeak: 'warn'` the test passes, so vitest shows no error for it: each leak is
 * also recorded as a `warning` annotation at the line that opened it, which the vitest
 * UI, the verbose reporter and `testCase.annotations()` show for passing tests.
 *
 * Why here: `annotate()` from the test context throws once the test has finished, which
 * it has by the time every teardown ran; the runner's own `onTestAnnotate` (which vitest
 * wires to the main process) still accepts one from `onAfterRunTask`, on 4.1 and 5.
 * Under `'fail'` the test's error already carries the message, so nothing is added.
 */
export async function annotateWarnedLeaks(
  runner: Annotating,
  test: RunnerTestCase,
  meta: LeakguardTestMeta,
  root: string,
): Promise<void> {
  if (typeof runner.onTestAnnotate !== 'function') return
  for (const leak of meta.leaks) {
    if (leak.allowedReason !== undefined) continue
    const site = parseOpenedAt(leak.openedAt)
    await runner.onTestAnnotate(test, {
      type: 'warning',
      message: `leakguard: ${describeHandle(leak)} left open, opened at ${leak.openedAt}`,
      ...(site ? { location: { ...site, file: resolve(root, site.file) } } : {}),
    })
  }
}
