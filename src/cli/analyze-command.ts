import { expectedMessage } from '../expected.js'
import { analyzeLog, DEFAULT_SPIKE_BYTES } from '../report/analyze.js'
import { formatAnalysis } from '../report/analyze-format.js'
import { ReportInputError } from '../report/errors.js'
import { readLogs } from '../report/log-reader.js'
import { parseFloor } from '../report/tolerance.js'
import type { CommandIo } from './output.js'

/** Options of `leakguard analyze`, as commander parses them. */
export interface AnalyzeCommandOptions {
  spike?: string
  top?: string
  json?: boolean
}

/** The default log: the plugin's merged log in its default `outDir`. */
export const DEFAULT_LOG = '.leakguard/memory.jsonl'

/**
 * `leakguard analyze [memory.jsonl...]`: prints the analysis and returns the exit code,
 * 1 when a test left handles open, else 0. Bad input throws a `ReportInputError` (exit 2).
 */
export function analyzeCommand(
  paths: string[],
  options: AnalyzeCommandOptions,
  io: CommandIo,
): number {
  const spikeBytes =
    options.spike === undefined ? DEFAULT_SPIKE_BYTES : parseFloor(options.spike, '--spike')
  const top = options.top === undefined ? 10 : Number(options.top)
  if (!Number.isInteger(top) || top < 1) {
    throw new ReportInputError(
      'InvalidOption',
      '--top',
      expectedMessage('--top', 'a positive whole number', options.top),
    )
  }
  const log = readLogs(paths.length > 0 ? paths : [DEFAULT_LOG])
  const analysis = analyzeLog(log, { spikeBytes, top })
  if (options.json) io.out(JSON.stringify(analysis, null, 2))
  else for (const line of formatAnalysis(analysis, io.paint)) io.out(line)
  return analysis.leakCount > 0 ? 1 : 0
}
