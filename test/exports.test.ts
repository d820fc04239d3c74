import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { beforeAll, describe, expect, test } from 'vitest'
import { repoRoot } from './e2e/run-vitest.js'

// The public surface of every entry point, read from the built dist/ files that the
// package's `exports` map points at (what a user's `import … from 'leakguard/…'` loads;
// `npm test` builds first). A name that appears or disappears here is an API change:
// update the snapshot on purpose and say so in CHANGELOG.md.

interface EntryPoint {
  types: string
  default: string
}

const exportsMap = (
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    exports: Record<string, EntryPoint | string>
  }
).exports
const entryPoints = Object.entries(exportsMap).flatMap(([entry, target]) =>
  typeof target === 'string' ? [] : [{ entry, ...target }],
)

/** Every exported name of each entry's `.d.ts`, types included, as the compiler sees it. */
let declared: Map<string, string[]>
beforeAll(() => {
  const files = entryPoints.map((point) => join(repoRoot, point.types))
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    noEmit: true,
  })
  const checker = program.getTypeChecker()
  declared = new Map(
    entryPoints.map((point) => {
      const file = program.getSourceFile(join(repoRoot, point.types))
      const symbol = file && checker.getSymbolAtLocation(file)
      if (!symbol) throw new Error(`${point.types} not found: run \`npm run build\` first`)
      return [point.entry, checker.getExportsOfModule(symbol).map((s) => s.name)]
    }),
  )
})

/** Runtime names as they are, then type-only names marked `(type)`, each group sorted. */
async function surface(entry: string): Promise<string[]> {
  const point = entryPoints.find((p) => p.entry === entry)
  if (!point) throw new Error(`no entry point ${entry}`)
  const runtime = Object.keys(await import(join(repoRoot, point.default))).sort()
  const typeOnly = (declared.get(entry) ?? []).filter((name) => !runtime.includes(name)).sort()
  return [...runtime, ...typeOnly.map((name) => `${name} (type)`)]
}

test('the package has exactly these entry points', () => {
  expect(Object.keys(exportsMap)).toEqual([
    '.',
    './plugin',
    './fixtures',
    './kinds',
    './package.json',
  ])
})

describe('each entry point exports exactly this', () => {
  test("'leakguard'", async () => {
    expect(await surface('.')).toMatchInlineSnapshot(`
      [
        "BASELINE_SCHEMA_VERSION",
        "DEFAULT_CACHE_BYTES",
        "DEFAULT_SPIKE_BYTES",
        "DEFAULT_TOLERANCE",
        "Dataset",
        "DatasetClosed",
        "DatasetCorrupt",
        "DatasetDtypeMismatch",
        "DatasetError",
        "DatasetExists",
        "DatasetInvalidSpec",
        "DatasetNotFound",
        "DatasetNotZarr",
        "DatasetSelectionOutOfRange",
        "DatasetShapeMismatch",
        "DatasetUnknownDim",
        "DatasetUnknownVariable",
        "DatasetUnsupported",
        "HeapDiff",
        "HeapSnapshotError",
        "InvalidObservationsError",
        "MAX_CHUNK_IO",
        "MAX_METADATA_IO",
        "MIN_DAYS",
        "Multisite",
        "MultisiteCloseError",
        "MultisiteClosedError",
        "MultisiteError",
        "MultisiteOptionError",
        "NotFittedError",
        "OBSERVATIONS_VARIABLE",
        "REPORT_SCHEMA_VERSION",
        "RealizationFailedError",
        "ReportInputError",
        "STORE_NAMES",
        "VARIABLE_ATTRS",
        "WEATHER_VARIABLES",
        "WorkerNotBuiltError",
        "analyzeLog",
        "baselineFromReport",
        "countOpenFds",
        "createDataset",
        "exampleObservations",
        "formatHeapDiff",
        "formatSize",
        "getForcedGc",
        "handles",
        "heapDiffAround",
        "isDatasetError",
        "isHeapSnapshotError",
        "isMultisiteError",
        "isReportInputError",
        "mergeReports",
        "openDataset",
        "parseBaseline",
        "parseLogText",
        "parseReport",
        "parseSize",
        "readBaseline",
        "readLogs",
        "readMemoryLimit",
        "readObservations",
        "readProcessMemory",
        "readReport",
        "renderHtmlReport",
        "renderSummaryMarkdown",
        "runGate",
        "serializeBaseline",
        "writeBaseline",
        "writeObservations",
        "Analysis (type)",
        "AnalyzeOptions (type)",
        "Baseline (type)",
        "BaselineEnvironment (type)",
        "BaselineTest (type)",
        "CodecSpec (type)",
        "CoordInfo (type)",
        "CoordSpec (type)",
        "DType (type)",
        "DatasetErrorByTag (type)",
        "DatasetErrorTag (type)",
        "DatasetSpec (type)",
        "EnsembleDType (type)",
        "EnsembleDatasets (type)",
        "EnsembleOptions (type)",
        "ExampleObservationsOptions (type)",
        "FitOptions (type)",
        "GateComparison (type)",
        "GateOptions (type)",
        "GateResult (type)",
        "HandleKind (type)",
        "HandleRecord (type)",
        "HandleRegistry (type)",
        "HeapDiffEntry (type)",
        "HeapDiffOptions (type)",
        "HeapDiffResult (type)",
        "HeapDiffRow (type)",
        "HeapGrowth (type)",
        "HeapSideSummary (type)",
        "HeapSnapshotErrorTag (type)",
        "HtmlOptions (type)",
        "KindContext (type)",
        "LeakEntry (type)",
        "LogEvent (type)",
        "LogReadOptions (type)",
        "MemoryLimit (type)",
        "MemoryLimitSources (type)",
        "MultisiteErrorByTag (type)",
        "MultisiteErrorTag (type)",
        "MultisiteOptions (type)",
        "ObservationProblem (type)",
        "Observations (type)",
        "OpenGrowth (type)",
        "OpenOptions (type)",
        "OpenSite (type)",
        "OwnerKey (type)",
        "ParsedLog (type)",
        "PeakMethod (type)",
        "PendingOpen (type)",
        "ProcessMemory (type)",
        "ReadResult (type)",
        "RemovedTest (type)",
        "Report (type)",
        "ReportErrorTag (type)",
        "ReportGate (type)",
        "RetainedMethod (type)",
        "RssScope (type)",
        "RunEnvironment (type)",
        "ScopeReport (type)",
        "Selection (type)",
        "SessionEndEvent (type)",
        "SessionStartEvent (type)",
        "SimulateOptions (type)",
        "SimulationResult (type)",
        "SliceSpec (type)",
        "SnapshotVia (type)",
        "SourcedEvent (type)",
        "Spike (type)",
        "SummaryOptions (type)",
        "TestEndEvent (type)",
        "TestGateOutcome (type)",
        "TestGcEvent (type)",
        "TestHeapDiff (type)",
        "TestMemory (type)",
        "TestReport (type)",
        "TestStartEvent (type)",
        "TestState (type)",
        "TestStatus (type)",
        "TimelineGroup (type)",
        "TimelinePoint (type)",
        "Tolerance (type)",
        "TopTest (type)",
        "TrackOptions (type)",
        "TypedArray (type)",
        "UnclosedTest (type)",
        "UnfinishedTest (type)",
        "VariableInfo (type)",
        "VariableName (type)",
        "VariableSpec (type)",
        "WorkerReport (type)",
      ]
    `)
  })

  test("'leakguard/plugin'", async () => {
    expect(await surface('./plugin')).toMatchInlineSnapshot(`
      [
        "LeakguardOptionsError",
        "isLeakguardOptionsError",
        "leakguard",
        "AllowEntry (type)",
        "LeakguardMeta (type)",
        "LeakguardOptions (type)",
        "LeakguardScopeMeta (type)",
        "LeakguardTestMeta (type)",
        "ToleranceOptions (type)",
      ]
    `)
  })

  test("'leakguard/fixtures'", async () => {
    expect(await surface('./fixtures')).toMatchInlineSnapshot(`
      [
        "HandleLeakError",
        "MemoryLimitError",
        "MemoryLimitOptionError",
        "describe",
        "expect",
        "isMemoryError",
        "test",
        "LeakguardFixtures (type)",
        "LiveMemory (type)",
        "MemoryFixture (type)",
      ]
    `)
  })

  test("'leakguard/kinds'", async () => {
    expect(await surface('./kinds')).toMatchInlineSnapshot(`
      [
        "handleKindNames",
        "importFromRoot",
        "installKinds",
        "replaceMethod",
        "uninstallKinds",
        "untracked",
        "HandleKind (type)",
        "KindContext (type)",
      ]
    `)
  })
})

test('no internal helper leaks into the library entry', async () => {
  const names = await surface('.')
  for (const internal of [
    'captureStack',
    'globalSlot',
    'resetVmHwm',
    'startSnapshot',
    'finishSnapshot',
    'ownerContext',
    'testKey',
    'GcStats',
  ]) {
    expect(names).not.toContain(internal)
  }
})
