import type { Report } from '../../src/report/model.js'
import type { ProjectRun } from './run-project.js'

const MB = 1024 * 1024
/** A 150 MB spike can show as 149.8 MB when the baseline shrinks meanwhile. */
const SLACK = 8 * MB

/**
 * What a user notices in one run, with everything that varies between identical runs
 * (pids, temp paths, exact byte counts) left out: the comparison across vitest versions
 * and pools is made on this.
 */
export interface Outcome {
  exitCode: number
  /** `project|file > name: state/status [open sites]`, sorted. */
  tests: string[]
  /** `scope file > name [open sites]`, sorted. */
  scopes: string[]
  /** The first line of each leakguard error vitest printed, temp paths normalised, sorted. */
  messages: string[]
  /** The distinct `rssScope` labels, sorted. */
  rssScopes: string[]
  /**
   * Tests whose kernel peak grew by 100 MB or more, rounded down to 50 MB steps
   * (after adding an 8 MB slack).
   */
  bigPeaks: string[]
}

/** Reduces a run to its {@link Outcome}. */
export function outcomeOf(run: ProjectRun): Outcome {
  const report: Report | undefined = run.report
  const tests = report?.tests ?? []
  const errorLines = run.output
    .split('\n')
    .filter((line) => /^(HandleLeakError|MemoryLimitError): /.test(line))
    .map((line) => line.replace(/\d+(\.\d+)? MB/g, '<n> MB'))
  return {
    exitCode: run.exitCode,
    tests: tests
      .map(
        (test) =>
          `${test.project ? `${test.project}|` : ''}${test.file} > ${test.name}: ${test.state}/${test.status}` +
          ` [${test.leaks.map((leak) => leak.openedAt).join(', ')}]`,
      )
      .sort(),
    scopes: (report?.scopes ?? [])
      .map(
        (scope) =>
          `${scope.scope} ${scope.file} > ${scope.name} [${scope.leaks.map((l) => l.openedAt).join(', ')}]`,
      )
      .sort(),
    messages: [...new Set(errorLines)].sort(),
    rssScopes: [...new Set(tests.flatMap((test) => test.memory?.rssScope ?? []))].sort(),
    bigPeaks: tests
      .filter((test) => (test.memory?.peakRssDelta ?? 0) >= 100 * MB)
      .map(
        (test) =>
          `${test.name}: >= ${Math.floor(((test.memory?.peakRssDelta ?? 0) + SLACK) / (50 * MB)) * 50} MB`,
      )
      .sort(),
  }
}

/** Line-by-line differences between two outcomes, `[]` when they agree. */
export function outcomeDiff(a: Outcome, b: Outcome, labels: [string, string]): string[] {
  const diff: string[] = []
  if (a.exitCode !== b.exitCode) {
    diff.push(`exit code: ${labels[0]} ${a.exitCode}, ${labels[1]} ${b.exitCode}`)
  }
  for (const key of ['tests', 'scopes', 'messages', 'rssScopes', 'bigPeaks'] as const) {
    for (const line of a[key])
      if (!b[key].includes(line)) diff.push(`${key}: only ${labels[0]}: ${line}`)
    for (const line of b[key])
      if (!a[key].includes(line)) diff.push(`${key}: only ${labels[1]}: ${line}`)
  }
  return diff
}
