import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot, type VitestInstall } from './run-project.js'

/** The e2e projects copied into each consumer, as a user's own test folders. */
export const consumerProjects = [
  'handles',
  'memory',
  'compat-pools',
  'handle-libs',
  'kinds',
] as const

/**
 * Projects whose `node_modules` is part of the fixture (a tiny library checked in, for a
 * leak opened inside a library), copied with the project; every other `node_modules` is
 * the consumer's own install's business.
 */
const vendoredModules: readonly string[] = ['kinds']

/**
 * Data libraries the consumer has as its own dependencies (not leakguard's): the library
 * kinds must find and instrument these copies, resolved from the project root.
 */
export const consumerLibraries = ['h5wasm@^0.10.3', '@duckdb/node-api@1.5.6-r.1'] as const

/** A vitest line to install next to the tarball. */
export interface VitestLine {
  /** The npm spec, e.g. `vitest@~4.1.0`. */
  vitest: string
  /** Also install `node@22` and run everything under its binary. */
  node22: boolean
}

/** Packs leakguard (already built) into `dir` and returns the tarball's path. */
export function packTarball(dir: string): string {
  mkdirSync(dir, { recursive: true })
  // --ignore-scripts: `prepare` would rebuild dist/; `npm run test:compat` builds first.
  const out = execFileSync(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', dir],
    { cwd: repoRoot, encoding: 'utf8' },
  )
  const [packed] = JSON.parse(out) as { filename: string }[]
  if (!packed) throw new Error(`npm pack printed no file: ${out}`)
  return join(dir, packed.filename)
}

/** The files `npm pack` would publish, relative to the package root. */
export function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--dry-run', '--json'], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
  const [packed] = JSON.parse(out) as { files: { path: string }[] }[]
  return (packed?.files ?? []).map((file) => file.path).sort()
}

/**
 * A fresh project in the temp dir with only the tarball, vitest, h5wasm and DuckDB (and
 * `node@22` and TypeScript for the type check) installed by npm, as a user would. It is cached by the
 * tarball's hash and the vitest line, so a rerun with unchanged code installs nothing.
 */
export function consumerProject(tarball: string, line: VitestLine): VitestInstall {
  const hash = createHash('sha256')
    .update(readFileSync(tarball))
    .update(consumerLibraries.join(' '))
    .digest('hex')
    .slice(0, 12)
  const tag = line.vitest.replace(/[^\w.]+/g, '_')
  const dir = join(tmpdir(), `leakguard-consumer-${tag}-${hash}`)
  const done = join(dir, '.installed')
  if (!existsSync(done)) {
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    writeFileSync(
      join(dir, 'package.json'),
      `${JSON.stringify({ name: 'leakguard-consumer', private: true, type: 'module' }, null, 2)}\n`,
    )
    const packages = [
      tarball,
      line.vitest,
      'typescript@~5.9.3',
      '@types/node@^22',
      ...consumerLibraries,
    ]
    if (line.node22) packages.push('node@22')
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...packages], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    writeFileSync(done, `${new Date().toISOString()}\n`)
  }
  const projects = join(dir, 'projects')
  rmSync(projects, { recursive: true, force: true })
  for (const project of consumerProjects) {
    cpSync(join(repoRoot, 'test/e2e/projects', project), join(projects, project), {
      recursive: true,
      filter: (source) =>
        !/[\\/]\.leakguard$/.test(source) &&
        (vendoredModules.includes(project) || !/[\\/]node_modules$/.test(source)),
    })
  }
  const node = line.node22 ? join(dir, 'node_modules/.bin/node') : process.execPath
  const version = (file: string) =>
    (JSON.parse(readFileSync(join(dir, 'node_modules', file), 'utf8')) as { version: string })
      .version
  const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()
  return {
    label: `vitest ${version('vitest/package.json')} on node ${nodeVersion}`,
    node,
    vitest: join(dir, 'node_modules/vitest/vitest.mjs'),
    projects,
  }
}

/** The consumer project's root, from an install made by {@link consumerProject}. */
export function consumerRoot(install: VitestInstall): string {
  return join(install.projects, '..')
}
