import { expect, test } from 'vitest'
import * as reportApi from '../../src/report/index.js'

test('the report layer barrel exports exactly this runtime API (the package entry: test/exports.test.ts)', () => {
  expect(Object.keys(reportApi).sort()).toMatchInlineSnapshot(`
    [
      "BASELINE_SCHEMA_VERSION",
      "DEFAULT_SPIKE_BYTES",
      "DEFAULT_TOLERANCE",
      "OOM_RISK_FRACTION",
      "ReportInputError",
      "allowedValue",
      "analyzeLog",
      "baselineFromReport",
      "compareWithBaseline",
      "describeTolerance",
      "environmentWarning",
      "formatAnalysis",
      "formatVerdict",
      "isReportInputError",
      "leakAnnotations",
      "mergeReports",
      "oomRisk",
      "parseBaseline",
      "parseFloor",
      "parseLogText",
      "parseOpenedAt",
      "parseRelativeTolerance",
      "parseReport",
      "readBaseline",
      "readLogs",
      "readReport",
      "renderHtmlReport",
      "renderSummaryMarkdown",
      "runGate",
      "serializeBaseline",
      "testKey",
      "verdictAnnotations",
      "writeBaseline",
      "writeHumanReports",
    ]
  `)
})
