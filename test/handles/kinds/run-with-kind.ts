import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { repoRoot } from './root-import.js'

/**
 * Runs `body` in a child Node with the built `kind` (from dist/: `npm test` builds first)
 * installed before `body` loads anything, and resolves to its exit code, stdout and stderr.
 * `body` sees `handles` (the registry) and `ownerContext`. For what a kind must do in a fresh
 * process: Node's own modules bind `setInterval` and friends when first loaded, which in
 * vitest's worker happened long before a test could install a kind.
 */
export function runWithKind(
  file: string,
  kind: string,
  body: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = `
    const { ${kind} } = await import(${JSON.stringify(join(repoRoot, 'dist/src/handles/kinds', file))})
    const { handles, ownerContext } = await import(${JSON.stringify(join(repoRoot, 'dist/src/handles/index.js'))})
    ${kind}.install({ registry: handles, root: process.cwd(), importFromRoot: async () => undefined })
    ${body}
  `
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      (_e, stdout, stderr) => done({ code: child.exitCode, stdout, stderr }),
    )
  })
}
