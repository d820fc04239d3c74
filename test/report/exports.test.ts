import { expect, test } from 'vitest'
import * as library from '../../src/index.js'
import * as reportApi from '../../src/report/index.js'

test('the report layer exports exactly this runtime API, also from the package entry', () => {
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
  for (const name of Object.keys(reportApi)) expect(library).toHaveProperty(name)
})
