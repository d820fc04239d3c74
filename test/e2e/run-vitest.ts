import { execFile } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Report } from '../../src/report/model.js'

/** The repository root: e2e projects resolve `leakguard` to its dist/. */
export const repoRoot = resolve(import.meta.dirname, '../..')

/** What one real vitest run of an e2e project produced. */
export interface VitestRun {
  exitCode: number
  /** stdout + stderr, without colours. */
  output: string
  /** vitest's own JSON report (assertion results with failure messages). */
  json: VitestJson
  /** leakguard's report.json. */
  report: Report
  outDir: string
}

/** The parts of vitest's JSON reporter output the e2e tests read. */
export interface VitestJson {
  success: boolean
  testResults: {
    name: string
    status: string
    message: string
    assertionResults: { fullName: string; status: string; failureMessages: string[] }[]
  }[]
}

/**
 * Runs `vitest run` on `test/e2e/projects/<project>` in a child process, with the dot and
 * JSON reporters on the command line (so the test also proves `--reporter` keeps
 * leakguard's reporter), and reads back both reports.
 */
export function runVitest(
  project: string,
  args: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<VitestRun> {
  const root = join(repoRoot, 'test/e2e/projects', project)
  const outDir = join(root, '.leakguard')
  const jsonPath = join(outDir, 'vitest.json')
  rmSync(outDir, { recursive: true, force: true })
  const argv = [
    join(repoRoot, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--root',
    root,
    '--reporter=dot',
    '--reporter=json',
    `--outputFile.json=${jsonPath}`,
    ...args,
  ]
  return new Promise((done) => {
    execFile(
      process.execPath,
      argv,
      { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env } },
      (error, stdout, stderr) => {
        const exitCode = error ? Number(error.code ?? 1) : 0
        const read = (path: string) =>
          existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined
        done({
          exitCode,
          output: `${stdout}\n${stderr}`,
          json: read(jsonPath),
          report: read(join(outDir, 'report.json')),
          outDir,
        })
      },
    )
  })
}

/** `line:col` (1-based) of the first occurrence of `text` in a project file. */
export function siteOf(project: string, file: string, text: string): string {
  const lines = readFileSync(join(repoRoot, 'test/e2e/projects', project, file), 'utf8').split('\n')
  const index = lines.findIndex((line) => line.includes(text))
  if (index === -1) throw new Error(`${text} not found in ${file}`)
  const column = (lines[index] ?? '').indexOf(text) + 1
  return `${file}:${index + 1}:${column}`
}

/** The names of the failed tests in vitest's JSON report, sorted. */
export function failedTests(json: VitestJson): string[] {
  return json.testResults
    .flatMap((file) => file.assertionResults)
    .filter((test) => test.status === 'failed')
    .map((test) => test.fullName)
    .sort()
}
