import { existsSync } from 'node:fs'
import { isAbsolute, relative } from 'node:path'
import { type Baseline, readBaseline } from '../src/report/baseline.js'
import { isReportInputError } from '../src/report/errors.js'
import { type GateResult, runGate } from '../src/report/gate.js'
import type { Report } from '../src/report/model.js'
import type { ResolvedOptions } from './options.js'

/** The plugin's gate at the end of a run (`gate: true`). */
export interface PluginGate {
  /** Absent when the gate is off, or could not run (a malformed baseline). */
  readonly result?: GateResult
  /** The gate's lines for the terminal, or the line saying why it could not run. */
  readonly lines: string[]
  /** True when the gate failed or could not run: the run's exit code becomes 1. */
  readonly failed: boolean
}

/**
 * Reads the baseline once and runs the gate on the report. A missing baseline is not an
 * error here, unlike in `leakguard gate`: the first `vitest run` of a project that turned
 * `gate: true` on has no baseline yet, and must still check leaks, limits and crashes, so
 * it says so in one line and goes on. A malformed baseline is named with its position and
 * fails the run, as in the CLI.
 */
export function runPluginGate(report: Report, options: ResolvedOptions): PluginGate {
  if (!options.gate) return { lines: [], failed: false }
  // Relative to the root as users write it in their config; absolute when outside it.
  const inRoot = relative(options.root, options.baseline)
  const shown =
    inRoot && !inRoot.startsWith('..') && !isAbsolute(inRoot) ? inRoot : options.baseline
  const lines: string[] = []
  let baseline: Baseline | undefined
  if (!existsSync(options.baseline)) {
    lines.push(
      `leakguard gate: no baseline at ${shown}: checking leaks, limits and crashes only (record one with \`leakguard gate --update --baseline ${shown}\`)`,
    )
  } else {
    try {
      baseline = readBaseline(options.baseline)
    } catch (error) {
      if (!isReportInputError(error)) throw error
      return { lines: [`leakguard gate: ${error.message}`], failed: true }
    }
  }
  const result = runGate(report, { baseline, tolerance: options.tolerance, baselinePath: shown })
  return { result, lines: [...lines, ...result.lines], failed: !result.ok }
}
