/**
 * leakguard: catch leaked dataset handles and memory regressions per test.
 *
 * The library entry point. It never imports vitest; the plugin lives in
 * `leakguard/plugin` and the fixtures in `leakguard/fixtures`.
 *
 * Every name here is public and pinned by `test/exports.test.ts`: a list, not
 * `export *`, so that an internal helper cannot become API by being exported from its
 * own module. The plugin and the CLI import the internals they need by path.
 */

// The dataset layer: README "The library".
export {
  type CodecSpec,
  type CoordInfo,
  type CoordSpec,
  createDataset,
  Dataset,
  DatasetClosed,
  DatasetCorrupt,
  DatasetDtypeMismatch,
  DatasetError,
  type DatasetErrorByTag,
  type DatasetErrorTag,
  DatasetExists,
  DatasetInvalidSpec,
  DatasetNotFound,
  DatasetNotZarr,
  DatasetSelectionOutOfRange,
  DatasetShapeMismatch,
  type DatasetSpec,
  DatasetUnknownDim,
  DatasetUnknownVariable,
  DatasetUnsupported,
  DEFAULT_CACHE_BYTES,
  type DType,
  isDatasetError,
  MAX_CHUNK_IO,
  MAX_METADATA_IO,
  type OpenOptions,
  openDataset,
  type ReadResult,
  type Selection,
  type SliceSpec,
  type TypedArray,
  type VariableInfo,
  type VariableSpec,
} from './dataset/index.js'
// The registry, and the shape of a handle kind for users who add their own.
export type { HandleKind, KindContext } from './handles/kinds/kind.js'
export type { OpenSite } from './handles/open-site.js'
export type { OwnerKey } from './handles/owner.js'
export {
  type HandleRecord,
  type HandleRegistry,
  handles,
  type PendingOpen,
  type TrackOptions,
} from './handles/registry.js'
// Heap diffs around a piece of code, and the error reading a snapshot can raise.
export {
  formatHeapDiff,
  HeapDiff,
  type HeapDiffEntry,
  type HeapDiffOptions,
  type HeapDiffResult,
  type HeapSideSummary,
  heapDiffAround,
  type SnapshotVia,
} from './memory/heap-diff/index.js'
export {
  HeapSnapshotError,
  type HeapSnapshotErrorTag,
  isHeapSnapshotError,
} from './memory/heap-snapshot/index.js'
// Memory probes that are safe to call from a test (none resets the plugin's peak window).
export {
  countOpenFds,
  formatSize,
  getForcedGc,
  type MemoryLimit,
  type MemoryLimitSources,
  type ProcessMemory,
  parseSize,
  readMemoryLimit,
  readProcessMemory,
} from './memory/index.js'
// The simulator: README "The library".
export {
  type EnsembleDatasets,
  type EnsembleDType,
  type EnsembleOptions,
  type ExampleObservationsOptions,
  exampleObservations,
  type FitOptions,
  InvalidObservationsError,
  isMultisiteError,
  MIN_DAYS,
  Multisite,
  MultisiteClosedError,
  MultisiteCloseError,
  MultisiteError,
  type MultisiteErrorByTag,
  type MultisiteErrorTag,
  MultisiteOptionError,
  type MultisiteOptions,
  NotFittedError,
  OBSERVATIONS_VARIABLE,
  type ObservationProblem,
  type Observations,
  RealizationFailedError,
  readObservations,
  type SimulateOptions,
  type SimulationResult,
  STORE_NAMES,
  VARIABLE_ATTRS,
  type VariableName,
  WEATHER_VARIABLES,
  WorkerNotBuiltError,
  writeObservations,
} from './multisite/index.js'
// Reading, merging and gating reports, as `leakguard analyze` and `leakguard gate` do.
export {
  type Analysis,
  type AnalyzeOptions,
  analyzeLog,
  BASELINE_SCHEMA_VERSION,
  type Baseline,
  type BaselineEnvironment,
  type BaselineTest,
  baselineFromReport,
  DEFAULT_SPIKE_BYTES,
  DEFAULT_TOLERANCE,
  type GateOptions,
  type GateResult,
  type HtmlOptions,
  isReportInputError,
  type LogReadOptions,
  mergeReports,
  type OpenGrowth,
  type ParsedLog,
  parseBaseline,
  parseLogText,
  parseReport,
  type ReportErrorTag,
  ReportInputError,
  readBaseline,
  readLogs,
  readReport,
  renderHtmlReport,
  renderSummaryMarkdown,
  runGate,
  type SourcedEvent,
  type Spike,
  type SummaryOptions,
  serializeBaseline,
  type TimelineGroup,
  type TimelinePoint,
  type Tolerance,
  type TopTest,
  type UnclosedTest,
  type UnfinishedTest,
  writeBaseline,
} from './report/index.js'
// The shapes of `memory.jsonl` and `report.json` (schema in `schema/`).
export type * from './report/log-events.js'
export type * from './report/model.js'
export { REPORT_SCHEMA_VERSION } from './report/model.js'
