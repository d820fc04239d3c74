/**
 * The report side of leakguard, for tools and the plugin: the log analyzer, the baseline
 * gate, shard merging and the human reports. Everything here returns data; only the
 * `leakguard` CLI and the plugin turn it into exit codes or failed runs.
 */
export {
  type Analysis,
  type AnalyzeOptions,
  analyzeLog,
  DEFAULT_SPIKE_BYTES,
  type OpenGrowth,
  type Spike,
  type TimelineGroup,
  type TimelinePoint,
  type TopTest,
  type UnclosedTest,
} from './analyze.js'
export { formatAnalysis, type Painter } from './analyze-format.js'
export { leakAnnotations, parseOpenedAt, verdictAnnotations } from './annotations.js'
export {
  BASELINE_SCHEMA_VERSION,
  type Baseline,
  type BaselineEnvironment,
  type BaselineTest,
  baselineFromReport,
  parseBaseline,
  readBaseline,
  serializeBaseline,
  writeBaseline,
} from './baseline.js'
export {
  compareWithBaseline,
  type GateMetric,
  type Verdict,
  type VerdictSubject,
} from './compare.js'
export { isReportInputError, type ReportErrorTag, ReportInputError } from './errors.js'
export {
  environmentWarning,
  formatVerdict,
  type GateOptions,
  type GateResult,
  runGate,
} from './gate.js'
export { type HtmlOptions, renderHtmlReport } from './html.js'
export {
  type HumanReportOptions,
  type HumanReportResult,
  writeHumanReports,
} from './human-reports.js'
export {
  type LogReadOptions,
  type ParsedLog,
  parseLogText,
  readLogs,
  type SourcedEvent,
  type UnfinishedTest,
} from './log-reader.js'
export { mergeReports } from './merge.js'
export { parseReport, readReport } from './report-reader.js'
export { OOM_RISK_FRACTION, type OomRisk, oomRisk } from './status.js'
export { renderSummaryMarkdown, type SummaryOptions } from './summary-md.js'
export { testKey } from './test-key.js'
export {
  allowedValue,
  DEFAULT_TOLERANCE,
  describeTolerance,
  parseFloor,
  parseRelativeTolerance,
  type Tolerance,
} from './tolerance.js'
