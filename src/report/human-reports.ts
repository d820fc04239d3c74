import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { leakAnnotations } from './annotations.js'
import { writeFileAtomic } from './atomic-file.js'
import type { GateResult } from './gate.js'
import { renderHtmlReport } from './html.js'
import type { Report } from './model.js'
import { renderSummaryMarkdown } from './summary-md.js'

/** Options of {@link writeHumanReports}. */
export interface HumanReportOptions {
  /** The gate's outcome, when it ran, to include in both reports. */
  gate?: GateResult | undefined
  /**
   * Environment to read `GITHUB_STEP_SUMMARY` and `GITHUB_ACTIONS` from.
   * @default process.env
   */
  env?: Readonly<Record<string, string | undefined>>
}

/** What {@link writeHumanReports} wrote, and what the caller should print. */
export interface HumanReportResult {
  summaryPath: string
  htmlPath: string
  /** Whether `summary.md` was appended to `$GITHUB_STEP_SUMMARY`. */
  stepSummary: boolean
  /**
   * Workflow commands (`::error file=…::…`) for each leak when `GITHUB_ACTIONS` is set,
   * else empty. Not printed here: the caller writes them to stdout, where GitHub reads them.
   */
  annotations: string[]
}

/**
 * Writes `summary.md` and `report.html` into `outDir`, each atomically, and appends the
 * summary to `$GITHUB_STEP_SUMMARY` when that is set. Called by the plugin's reporter
 * at the end of a run and by `leakguard gate`.
 */
export function writeHumanReports(
  report: Report,
  outDir: string,
  options: HumanReportOptions = {},
): HumanReportResult {
  const env = options.env ?? process.env
  const summary = renderSummaryMarkdown(report, { gate: options.gate })
  const summaryPath = join(outDir, 'summary.md')
  const htmlPath = join(outDir, 'report.html')
  writeFileAtomic(summaryPath, summary)
  writeFileAtomic(htmlPath, renderHtmlReport(report, { gate: options.gate }))
  const stepSummaryPath = env.GITHUB_STEP_SUMMARY
  if (stepSummaryPath) appendFileSync(stepSummaryPath, `${summary}\n`)
  return {
    summaryPath,
    htmlPath,
    stepSummary: Boolean(stepSummaryPath),
    annotations: env.GITHUB_ACTIONS ? leakAnnotations(report) : [],
  }
}
