import { execFile } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { freemem } from 'node:os'
import { dirname, join } from 'node:path'
import type { TestModule } from 'vitest/node'
import { readMemoryLimit } from '../src/memory/memory-limit.js'
import { formatSize } from '../src/memory/size.js'
import { readBaseline } from '../src/report/baseline.js'
import { compareWithBaseline } from '../src/report/compare.js'
import type { Report, TestReport } from '../src/report/model.js'
import { HEAP_DIFF_OUT_DIR_ENV, HEAP_DIFF_TESTS_ENV } from './heap-diff-env.js'
import type { ResolvedOptions } from './options.js'
import { relativePath } from './task-names.js'
import { heapDiffKey } from './worker-options.js'

/** At most this many tests are diffed per run: each costs two snapshots. */
export const MAX_HEAP_DIFF_TESTS = 5
/** The rerun is stopped after this long and reported as such. */
export const HEAP_DIFF_RERUN_TIMEOUT_MS = 120_000
/**
 * A diff's peak RSS is about 10× the JS heap (measured by bench/heapdiff: +0.57 GB at a
 * 50 MB heap); 12× leaves a margin. A test whose estimate exceeds the free memory is not
 * rerun, so the diagnosis cannot OOM-kill the CI job that the failure is reported in.
 */
const SNAPSHOT_MEMORY_FACTOR = 12

/** A test that failed a retained-memory check, and why, for the rerun to diff. */
export interface HeapDiffTarget {
  readonly test: TestReport
  readonly why: string
}

/**
 * Tests that failed `memory.limitRetainedMemory` (the fixture's `MemoryLimitError` with
 * `limit: 'retained'`, found by its `_tag` in the copy vitest serialised), in report
 * order. Peak limits and handle leaks are not here: a heap diff says nothing about them.
 */
export function retainedLimitFailures(
  modules: ReadonlyArray<TestModule>,
  report: Report,
  root: string,
): HeapDiffTarget[] {
  const failed = new Set<string>()
  for (const module of modules) {
    const file = relativePath(root, module.moduleId)
    for (const testCase of module.children.allTests()) {
      const errors = testCase.result().errors ?? []
      const retained = errors.some(
        (error) =>
          (error as { _tag?: unknown })._tag === 'MemoryLimitError' &&
          (error as { limit?: unknown }).limit === 'retained',
      )
      if (retained) failed.add(`${file}\0${testCase.fullName}`)
    }
  }
  return report.tests
    .filter((test) => failed.has(`${test.file}\0${test.name}`))
    .map((test) => ({ test, why: 'memory.limitRetainedMemory' }))
}

/**
 * Tests the gate will fail for retained heap above their baseline (`gate: true`). An
 * unreadable baseline yields none here: the gate reports it itself.
 */
export function retainedRegressions(report: Report, options: ResolvedOptions): HeapDiffTarget[] {
  if (!options.gate || !existsSync(options.baseline)) return []
  let baseline: ReturnType<typeof readBaseline>
  try {
    baseline = readBaseline(options.baseline)
  } catch {
    return [] // reported by the gate, with its position, when the run ends
  }
  const verdicts = compareWithBaseline(report, baseline, options.tolerance)
  return report.tests
    .filter((test) =>
      verdicts.some(
        (v) =>
          v.kind === 'regression' &&
          v.metric === 'retainedHeap' &&
          v.subject.file === test.file &&
          v.subject.name === test.name &&
          v.subject.project === test.project,
      ),
    )
    .map((test) => ({ test, why: 'retained heap above the baseline' }))
}

/** How to start the rerun: which config, and the vitest binary of this run. */
export interface RerunContext {
  readonly options: ResolvedOptions
  /** The config file vitest loaded, passed on with `--config`. */
  readonly configFile: string | undefined
}

/** A `-t` pattern matching each test by its full name (vitest joins names with spaces). */
function namePattern(tests: readonly TestReport[]): string {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return `(?:${tests.map((test) => literal(test.name.split(' > ').join(' '))).join('|')})$`
}

function runChild(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<string | null> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      args,
      { cwd, env, timeout: HEAP_DIFF_RERUN_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
      (error) => {
        // Exit code 1 is expected: the diffed tests fail again. A kill is not.
        if (error && (error.killed || error.signal)) {
          done(
            `was stopped after ${HEAP_DIFF_RERUN_TIMEOUT_MS / 1000} s (${error.signal ?? 'killed'})`,
          )
        } else if (error && typeof error.code !== 'number')
          done(`could not start: ${error.message}`)
        else done(null)
      },
    )
  })
}

/**
 * Reruns the test files of `targets` once, in a child `vitest run` whose runner takes a
 * heap diff around each target, and copies each target's `heapDiff` and `heap diff:`
 * notes into its report row. At most {@link MAX_HEAP_DIFF_TESTS} tests, and only those whose
 * estimated snapshot memory fits. The targets' rows (the report's own) are updated in
 * place. Returns lines for the terminal (skips and failures);
 * a failed rerun leaves the report as it was and says why.
 */
export async function rerunWithHeapDiffs(
  targets: readonly HeapDiffTarget[],
  context: RerunContext,
): Promise<string[]> {
  const lines: string[] = []
  const unique = targets.filter(
    (target, index) => targets.findIndex((other) => other.test === target.test) === index,
  )
  const available = Math.min(freemem(), readMemoryLimit().bytes)
  const chosen: TestReport[] = []
  let capped = 0
  for (const { test } of unique) {
    const needed = SNAPSHOT_MEMORY_FACTOR * (test.memory?.heapUsedAfter ?? 0)
    if (needed > available) {
      lines.push(
        `leakguard: no heap diff for ${test.file} > ${test.name}: its ${formatSize(test.memory?.heapUsedAfter ?? 0)} JS heap ` +
          `would need about ${formatSize(needed)} for snapshots, ${formatSize(available)} is free`,
      )
    } else if (chosen.length < MAX_HEAP_DIFF_TESTS) chosen.push(test)
    else capped++
  }
  if (capped > 0) {
    lines.push(
      `leakguard: heap diffs are taken for ${MAX_HEAP_DIFF_TESTS} tests per run; ${capped} more failed a retained check`,
    )
  }
  if (chosen.length === 0) return lines
  const { options } = context
  const outDir = join(options.outDir, 'heap-diff')
  rmSync(outDir, { recursive: true, force: true })
  const vitestBin = join(
    dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
    'vitest.mjs',
  )
  const files = [...new Set(chosen.map((test) => test.file))]
  const projects = [...new Set(chosen.flatMap((test) => (test.project ? [test.project] : [])))]
  const args = [
    vitestBin,
    'run',
    ...files,
    '--root',
    options.root,
    ...(context.configFile ? ['--config', context.configFile] : []),
    ...projects.flatMap((project) => ['--project', project]),
    '-t',
    namePattern(chosen),
    '--reporter=dot',
  ]
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    [HEAP_DIFF_TESTS_ENV]: JSON.stringify(chosen.map((t) => heapDiffKey(t.file, t.name))),
    [HEAP_DIFF_OUT_DIR_ENV]: outDir,
    // The rerun is a diagnosis, not a second CI result.
    GITHUB_ACTIONS: '',
    GITHUB_STEP_SUMMARY: '',
  }
  const started = Date.now()
  const problem = await runChild(args, env, options.root)
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  const reportPath = join(outDir, 'report.json')
  if (problem !== null || !existsSync(reportPath)) {
    lines.push(
      `leakguard: the heap-diff rerun of ${files.join(', ')} ${problem ?? 'wrote no report'}; no heap diff`,
    )
    return lines
  }
  const rerun = JSON.parse(readFileSync(reportPath, 'utf8')) as Report
  let found = 0
  for (const test of chosen) {
    const again = rerun.tests.find(
      (other) =>
        other.file === test.file && other.name === test.name && other.project === test.project,
    )
    if (!again?.heapDiff) continue
    found++
    test.heapDiff = again.heapDiff
    const notes = (again.notes ?? []).filter((note) => note.startsWith('heap diff: '))
    test.notes = [...(test.notes ?? []), ...notes]
  }
  lines.push(
    `leakguard: reran ${files.length} file(s) with heap snapshots around ${chosen.length} test(s) in ${seconds} s` +
      (found < chosen.length ? `; ${chosen.length - found} did not run again` : ''),
  )
  return lines
}
