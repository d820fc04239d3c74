import { join } from 'node:path'
import { writeFileAtomic } from '../src/report/atomic-file.js'
import { isReportInputError } from '../src/report/errors.js'
import type { GateResult } from '../src/report/gate.js'
import { writeHumanReports } from '../src/report/human-reports.js'
import type { LogEvent } from '../src/report/log-events.js'
import { writeMergedLog } from '../src/report/merge-logs.js'
import type { Report } from '../src/report/model.js'

/** What {@link writeRunFiles} wrote, and what it could not. */
export interface WrittenFiles {
  /** `report.json` and `memory.jsonl`, when written: the terminal names them. */
  readonly written: string[]
  /** One `leakguard: cannot write …` line per file that could not be written. */
  readonly unwritten: string[]
  /** GitHub annotations to print (empty outside GitHub Actions). */
  readonly annotations: string[]
}

/**
 * Writes the run's files into `outDir`: `report.json`, `memory.jsonl` (then deletes the
 * worker logs it merged), `summary.md` and `report.html`. A file that cannot be written
 * (full disk, read-only dir) does not stop the others: its line says which, and its
 * previous copy stays. On failure the worker logs are kept.
 */
export function writeRunFiles(
  report: Report,
  /** `memory.jsonl`'s lines: events, or worker lines already serialised. */
  session: ReadonlyArray<LogEvent | string>,
  workerLogs: readonly string[],
  outDir: string,
  gate: GateResult | undefined,
): WrittenFiles {
  const written: string[] = []
  const unwritten: string[] = []
  const attempt = <T>(name: string | undefined, write: () => T): T | undefined => {
    try {
      const result = write()
      if (name !== undefined) written.push(name)
      return result
    } catch (error) {
      if (!isReportInputError(error, 'FileUnwritable')) throw error
      unwritten.push(`leakguard: ${error.message}`)
      return undefined
    }
  }
  attempt('report.json', () =>
    writeFileAtomic(join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`),
  )
  attempt('memory.jsonl', () => writeMergedLog(join(outDir, 'memory.jsonl'), session, workerLogs))
  const human = attempt(undefined, () => writeHumanReports(report, outDir, { gate }))
  return { written, unwritten, annotations: human?.annotations ?? [] }
}
