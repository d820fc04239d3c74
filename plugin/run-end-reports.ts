import { existsSync } from 'node:fs'
import { type Baseline, readBaseline } from '../src/report/baseline.js'
import { isReportInputError } from '../src/report/errors.js'
import { type GateResult, runGate } from '../src/report/gate.js'
import { writeHumanReports } from '../src/report/human-reports.js'
import type { Report } from '../src/report/model.js'
import type { ResolvedOptions } from './options.js'

/** What the end of a run produced besides `report.json`, and whether it should fail. */
export interface RunEndOutcome {
  /** Lines for the terminal: GitHub annotations, gate verdicts, gate problems. */
  lines: string[]
  /** True when the gate failed or could not run: the caller sets the exit code. */
  failed: boolean
}

/**
 * Runs the gate when `gate: true`, then writes `summary.md` and `report.html` (and the
 * GitHub step summary and annotations). A bad baseline is reported by name and fails the
 * run rather than silently skipping the gate; a missing one checks leaks and limits only.
 */
export function writeRunEndReports(report: Report, options: ResolvedOptions): RunEndOutcome {
  const lines: string[] = []
  let failed = false
  let gate: GateResult | undefined
  if (options.gate) {
    let baseline: Baseline | undefined
    try {
      baseline = existsSync(options.baseline) ? readBaseline(options.baseline) : undefined
    } catch (error) {
      if (!isReportInputError(error)) throw error
      lines.push(`leakguard gate: ${error.message}`)
      failed = true
    }
    if (!failed) {
      gate = runGate(report, { baseline, tolerance: options.tolerance })
      lines.push(...gate.lines)
      failed = !gate.ok
    }
  }
  const human = writeHumanReports(report, options.outDir, { gate })
  return { lines: [...human.annotations, ...lines], failed }
}
