import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'

const repo = resolve(import.meta.dirname, '../..')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) return sources(full)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : []
  })
}

/**
 * Transpiles src/dataset, src/handles and the one shared module they import
 * (src/expected.ts, the option message) to plain ESM under tmp/ (inside the repo, so
 * `zarrita` resolves from node_modules) for worker threads, which run without vitest's
 * TypeScript transform. transpileModule skips type checking: about 0.2 s, not a full
 * build. Returns the entry module and a cleanup function.
 */
export function transpileDatasetLayer(): { entry: string; cleanup: () => void } {
  const out = join(repo, 'tmp', `dataset-worker-${process.pid}-${Date.now()}`)
  for (const file of [
    ...sources(join(repo, 'src/dataset')),
    ...sources(join(repo, 'src/handles')),
    join(repo, 'src/expected.ts'),
  ]) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: file,
    })
    const target = join(out, relative(repo, file)).replace(/\.ts$/, '.js')
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, outputText)
  }
  return {
    entry: join(out, 'src/dataset/index.js'),
    cleanup: () => rmSync(out, { recursive: true, force: true }),
  }
}
