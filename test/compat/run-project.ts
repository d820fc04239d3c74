import { execFile } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Report } from '../../src/report/model.js'

/** The repository root. */
export const repoRoot = resolve(import.meta.dirname, '../..')

/** Which Node binary runs which vitest: the checkout's own, or a consumer project's. */
export interface VitestInstall {
  /** A label for messages and for the comparison, e.g. `vitest 5.1.2 on node v22.23.3`. */
  label: string
  node: string
  /** vitest's `vitest.mjs` entry. */
  vitest: string
  /** Where the e2e projects live for this install. */
  projects: string
}

/** The checkout's own vitest on the Node running this test. */
export const checkout: VitestInstall = {
  label: 'checkout',
  node: process.execPath,
  vitest: join(repoRoot, 'node_modules/vitest/vitest.mjs'),
  projects: join(repoRoot, 'test/e2e/projects'),
}

/** What one real vitest run of a project produced. */
export interface ProjectRun {
  exitCode: number
  /** stdout + stderr, without colours. */
  output: string
  /** leakguard's report.json from `outDir`, if it was written. */
  report: Report | undefined
}

/** Options of one run. */
export interface RunOptions {
  /** Extra vitest CLI arguments. */
  args?: readonly string[]
  env?: Record<string, string>
  /** leakguard's outDir relative to the project (what its config reads from the env). */
  outDir?: string
}

/**
 * Runs `vitest run` on a project of `install` in a child process with the dot reporter
 * and reads back leakguard's report.json.
 */
export function runProject(
  install: VitestInstall,
  project: string,
  { args = [], env = {}, outDir = '.leakguard' }: RunOptions = {},
): Promise<ProjectRun> {
  const root = join(install.projects, project)
  // Only this run's own outDir: two test files may run the same project at once.
  rmSync(join(root, outDir), { recursive: true, force: true })
  const argv = [install.vitest, 'run', '--root', root, '--reporter=dot', ...args]
  return new Promise((done) => {
    execFile(
      install.node,
      argv,
      {
        cwd: root,
        maxBuffer: 16 * 1024 * 1024,
        env: {
          ...process.env,
          NO_COLOR: '1',
          FORCE_COLOR: '0',
          LEAKGUARD_COMPAT_OUT: outDir,
          ...env,
        },
      },
      (error, stdout, stderr) => {
        const reportPath = join(root, outDir, 'report.json')
        done({
          exitCode: error ? Number(error.code ?? 1) : 0,
          output: `${stdout}\n${stderr}`,
          report: existsSync(reportPath)
            ? (JSON.parse(readFileSync(reportPath, 'utf8')) as Report)
            : undefined,
        })
      },
    )
  })
}

/** `file:line:col` (1-based) of the first occurrence of `text` in a project file. */
export function siteOf(install: VitestInstall, project: string, file: string, text: string) {
  const path = join(install.projects, project, file)
  const lines = readFileSync(path, 'utf8').split('\n')
  const index = lines.findIndex((line) => line.includes(text))
  if (index === -1) throw new Error(`${text} not found in ${path}`)
  return `${file}:${index + 1}:${(lines[index] ?? '').indexOf(text) + 1}`
}
