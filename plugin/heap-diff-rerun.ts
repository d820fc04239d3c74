import { execFile } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { freemem } from 'node:os'
import { dirname, join } from 'node:path'
import { readMemoryLimit } from '../src/memory/memory-limit.js'
import { formatSize } from '../src/memory/size.js'
import { isReportInputError } from '../src/report/errors.js'
import type { HeapDiffFinding } from '../src/report/heap-diff-findings.js'
import type { Report, TestReport } from '../src/report/model.js'
import { readReport } from '../src/report/report-reader.js'
import { loggedTestKey, testKey } from '../src/report/test-key.js'
import { HEAP_DIFF_OUT_DIR_ENV, HEAP_DIFF_TESTS_ENV } from './heap-diff-env.js'
import type { HeapDiffTarget } from './heap-diff-targets.js'
import type { ResolvedOptions } from './options.js'

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

/** What the rerun found, and lines for the terminal (skips, failures, what it did). */
export interface RerunOutcome {
  readonly findings: HeapDiffFinding[]
  readonly lines: string[]
}

/**
 * Reruns the test files of `targets` once, in a child `vitest run` whose runner takes a
 * heap diff around each target, and returns each target's `heapDiff` and `heap diff:`
 * notes as findings, read from the child's `report.json` with the report's own schema.
 * At most {@link MAX_HEAP_DIFF_TESTS} tests, and only those whose estimated snapshot
 * memory fits. A rerun that fails, times out or writes a report that does not validate
 * yields, for each chosen test, a `heap diff: none: …` note saying why, and a line.
 */
export async function rerunWithHeapDiffs(
  targets: readonly HeapDiffTarget[],
  context: RerunContext,
): Promise<RerunOutcome> {
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
  if (chosen.length === 0) return { findings: [], lines }
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
    [HEAP_DIFF_TESTS_ENV]: JSON.stringify(chosen.map((t) => loggedTestKey(t))),
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
    const why = `the heap-diff rerun of ${files.join(', ')} ${problem ?? 'wrote no report'}`
    lines.push(`leakguard: ${why}; no heap diff`)
    return { findings: chosen.map((test) => noDiff(test, why)), lines }
  }
  const read = readRerunFindings(reportPath, chosen)
  if (read.problem !== undefined) {
    lines.push(`leakguard: ${read.problem}; no heap diff`)
    return { findings: chosen.map((test) => noDiff(test, read.problem as string)), lines }
  }
  const { findings } = read
  lines.push(
    `leakguard: reran ${files.length} file(s) with heap snapshots around ${chosen.length} test(s) in ${seconds} s` +
      (findings.length < chosen.length
        ? `; ${chosen.length - findings.length} did not run again`
        : ''),
  )
  return { findings, lines }
}

/**
 * Reads the rerun's `report.json` with the report's own schema and returns the heap diff
 * of each of `tests` it holds. A report that is missing, malformed or of another shape
 * gives no findings and a `problem` naming the file and what is wrong with it.
 */
export function readRerunFindings(
  reportPath: string,
  tests: readonly TestReport[],
): { findings: HeapDiffFinding[]; problem?: string } {
  let rerun: Report
  try {
    rerun = readReport(reportPath)
  } catch (error) {
    if (!isReportInputError(error)) throw error
    return { findings: [], problem: `the heap-diff rerun's report is unusable: ${error.message}` }
  }
  return { findings: tests.flatMap((test) => findingOf(test, rerun)) }
}

/** A finding without a diff: the report's note says why there is none. */
function noDiff(test: TestReport, why: string): HeapDiffFinding {
  return {
    file: test.file,
    name: test.name,
    ...(test.project === undefined ? {} : { project: test.project }),
    notes: [`heap diff: none: ${why}`],
  }
}

/** The rerun's heap diff for one of the run's tests, if it took one. */
function findingOf(test: TestReport, rerun: Report): HeapDiffFinding[] {
  const key = testKey(test)
  const again = rerun.tests.find((other) => testKey(other) === key)
  if (!again?.heapDiff) return []
  return [
    {
      file: test.file,
      name: test.name,
      ...(test.project === undefined ? {} : { project: test.project }),
      heapDiff: again.heapDiff,
      notes: (again.notes ?? []).filter((note) => note.startsWith('heap diff: ')),
    },
  ]
}
