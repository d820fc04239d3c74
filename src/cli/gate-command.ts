import { leakAnnotations, verdictAnnotations } from '../report/annotations.js'
import { baselineFromReport, readBaseline, writeBaseline } from '../report/baseline.js'
import { isReportInputError, ReportInputError } from '../report/errors.js'
import { runGate } from '../report/gate.js'
import { withGate } from '../report/gate-outcome.js'
import { writeHumanReports } from '../report/human-reports.js'
import { mergeReports } from '../report/merge.js'
import { readReport } from '../report/report-reader.js'
import { DEFAULT_TOLERANCE, parseFloor, parseRelativeTolerance } from '../report/tolerance.js'
import { type CommandIo, paintLevel } from './output.js'

/** Options of `leakguard gate`, as commander parses them. */
export interface GateCommandOptions {
  baseline: string
  tolerance?: string
  floor?: string
  update?: boolean
  json?: boolean
  /** Also write summary.md and report.html, with the verdicts, into this directory. */
  outDir?: string
}

/** The default report: the plugin's in its default `outDir`. */
export const DEFAULT_REPORT = '.leakguard/report.json'

/** The default baseline, at the project root. */
export const DEFAULT_BASELINE = 'leakguard.baseline.json'

/**
 * `leakguard gate [report.json...]`: merges shard reports, then either records the
 * baseline (`--update`) or compares with it. Returns the exit code: 0 passed, 1 failed.
 * Bad input throws a `ReportInputError` (exit 2).
 */
export function gateCommand(paths: string[], options: GateCommandOptions, io: CommandIo): number {
  const tolerance = {
    relative:
      options.tolerance === undefined
        ? DEFAULT_TOLERANCE.relative
        : parseRelativeTolerance(options.tolerance),
    floorBytes:
      options.floor === undefined ? DEFAULT_TOLERANCE.floorBytes : parseFloor(options.floor),
  }
  const sources = paths.length > 0 ? paths : [DEFAULT_REPORT]
  const report = mergeReports(sources.map(readReport), sources)

  if (options.update) {
    const baseline = baselineFromReport(report)
    writeBaseline(options.baseline, baseline)
    if (!report.complete && !options.json) {
      io.out(
        'WARNING: the run was incomplete (interrupted, or a worker crashed): tests without figures are left out of the baseline',
      )
    }
    const message = `leakguard gate: wrote ${options.baseline} (${baseline.tests.length} tests)`
    io.out(
      options.json
        ? JSON.stringify({ updated: options.baseline, tests: baseline.tests.length })
        : message,
    )
    return 0
  }

  let baseline: ReturnType<typeof readBaseline>
  try {
    baseline = readBaseline(options.baseline)
  } catch (error) {
    if (!isReportInputError(error, 'FileUnreadable')) throw error
    throw new ReportInputError(
      'FileUnreadable',
      error.file,
      // Exit 2, unlike the plugin's `gate: true`, which goes on without one: this command
      // was asked to compare with a baseline, and passing without one would hide a typo.
      `${error.message} (record one with \`leakguard gate --update\`; without a baseline there is nothing to compare)`,
      { cause: error },
    )
  }
  const result = runGate(report, { baseline, tolerance, baselinePath: options.baseline })
  // The same outcomes the plugin's `gate: true` writes into report.json.
  const gated = withGate(report, result)
  if (options.json) {
    const { outcomes: _byTest, summary, ...rest } = result
    io.out(JSON.stringify({ ...rest, gate: summary }, null, 2))
  } else {
    for (const line of result.lines) io.out(paintLevel(line, io.paint))
  }
  if (options.outDir !== undefined) {
    // The step summary and the leak annotations come with the human reports.
    const written = writeHumanReports(gated, options.outDir, { gate: result, env: io.env })
    for (const line of written.annotations) io.out(line)
  } else if (io.env.GITHUB_ACTIONS) {
    for (const line of leakAnnotations(gated)) io.out(line)
  }
  if (io.env.GITHUB_ACTIONS) for (const line of verdictAnnotations(result)) io.out(line)
  return result.ok ? 0 : 1
}
