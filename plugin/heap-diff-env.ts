import { expectedMessage } from '../src/expected.js'
import { LeakguardOptionsError, type ResolvedOptions } from './options.js'
import type { WorkerOptions } from './worker-options.js'

/**
 * Internal: set by leakguard on the `vitest run` it starts to rerun a file with heap
 * diffs. A JSON array of `loggedTestKey`s (src/report/test-key.ts); its presence marks that child run.
 */
export const HEAP_DIFF_TESTS_ENV = 'LEAKGUARD_HEAP_DIFF_TESTS'
/** Internal: the child run's `outDir`, so it never overwrites the first run's reports. */
export const HEAP_DIFF_OUT_DIR_ENV = 'LEAKGUARD_OUT_DIR'

/** The tests a rerun was started for, or `undefined` in an ordinary run. */
export function rerunSelection(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string[] | undefined {
  const raw = env[HEAP_DIFF_TESTS_ENV]
  if (raw === undefined) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    parsed = raw // reported below, with what was given
  }
  if (!Array.isArray(parsed) || !parsed.every((key) => typeof key === 'string')) {
    throw new LeakguardOptionsError(
      HEAP_DIFF_TESTS_ENV,
      raw,
      expectedMessage(
        HEAP_DIFF_TESTS_ENV,
        "a JSON array of test keys (it is internal, set by leakguard's heap-diff rerun)",
        raw,
      ),
    )
  }
  return parsed
}

/**
 * The options of a heap-diff rerun: its own `outDir`, no gate (the first run judged),
 * and no further rerun (it must never recurse). Unchanged in an ordinary run.
 */
export function withRerunEnv(
  options: ResolvedOptions,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ResolvedOptions {
  if (rerunSelection(env) === undefined) return options
  const outDir = env[HEAP_DIFF_OUT_DIR_ENV] ?? options.outDir
  return { ...options, outDir, gate: false, heapDiff: 'off' }
}

/** Which tests the workers diff: the rerun's list, every test with `'always'`, or none. */
export function heapDiffTests(
  options: ResolvedOptions,
  env: Readonly<Record<string, string | undefined>> = process.env,
): WorkerOptions['heapDiffTests'] {
  const selected = rerunSelection(env)
  if (selected !== undefined) return selected
  return options.heapDiff === 'always' ? 'all' : 'none'
}
