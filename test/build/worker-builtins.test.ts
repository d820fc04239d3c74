import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, test } from 'vitest'

interface WorkerBuiltins {
  vitestFacades: Set<string>
  requireUnfacadedBuiltins(code: string): { code: string; required: string[] }
  unfacadedImports(code: string): string[]
}
// A build script (plain .mjs, run by node after tsc), loaded as the build loads it.
const script = pathToFileURL(resolve(import.meta.dirname, '../../scripts/worker-builtins.mjs'))
const { requireUnfacadedBuiltins, unfacadedImports } = (await import(script.href)) as WorkerBuiltins

const dir = mkdtempSync(join(tmpdir(), 'leakguard-worker-builtins-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Writes `code` as an ES module and imports it: the rewritten chunk must really run. */
async function evaluate(name: string, code: string): Promise<Record<string, unknown>> {
  const path = join(dir, `${name}.mjs`)
  writeFileSync(path, code)
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>
}

describe('requireUnfacadedBuiltins (scripts/worker-builtins.mjs)', () => {
  test('default, named, renamed, mixed and namespace imports bind what the ESM imports bound', async () => {
    const chunk = [
      'import net from "node:net";',
      'import { isMainThread, threadId as tid } from "node:worker_threads";',
      'import childProcess, { spawn } from "node:child_process";',
      'import * as os from "node:os";',
      'import { join } from "node:path";',
      'export const out = { net, isMainThread, tid, childProcess, spawn, os, join };',
    ].join('\n')
    const { code, required } = requireUnfacadedBuiltins(chunk)
    expect(required).toEqual(['net', 'worker_threads', 'child_process', 'os'])
    // node:path has a facade in every vitest worker: it stays an import.
    expect(code).toContain('import { join } from "node:path";')
    expect(unfacadedImports(code)).toEqual([])
    const { out } = (await evaluate('mixed', code)) as { out: Record<string, unknown> }
    const { createRequire } = await import('node:module')
    const require = createRequire(import.meta.url)
    expect(out.net).toBe(require('node:net'))
    expect(out.isMainThread).toBe(require('node:worker_threads').isMainThread)
    expect(out.tid).toBe(require('node:worker_threads').threadId)
    expect(out.childProcess).toBe(require('node:child_process'))
    expect(out.spawn).toBe(require('node:child_process').spawn)
    expect(out.os).toBe(require('node:os'))
    expect(typeof out.join).toBe('function')
  })

  test("every line stays on its line, so the chunk's source map still holds", () => {
    const chunk = [
      '// a comment',
      'import { join } from "node:path";',
      'import childProcess, { spawn } from "node:child_process";',
      'import net from "node:net";',
      'export const out = [join, childProcess, spawn, net];',
    ].join('\n')
    const lines = requireUnfacadedBuiltins(chunk).code.split('\n')
    expect(lines).toHaveLength(5)
    expect(lines[0]).toBe('// a comment')
    expect(lines[2]).toMatch(/^import \{ createRequire as __leakguardCreateRequire \}.*\bspawn\b/)
    expect(lines[3]).toMatch(/^const net = __leakguardRequire\("node:net"\);$/)
    expect(lines[4]).toBe('export const out = [join, childProcess, spawn, net];')
  })

  test('a chunk with only facaded built-ins is returned as it was', () => {
    const chunk = 'import { readFileSync } from "node:fs";\nexport { readFileSync };\n'
    expect(requireUnfacadedBuiltins(chunk)).toEqual({ code: chunk, required: [] })
  })

  test('an import clause it cannot parse fails instead of staying a facade', () => {
    expect(() => requireUnfacadedBuiltins('import { a, b-c } from "node:os";\n')).toThrow(
      'worker-builtins: cannot rewrite `import { a, b-c } from "node:os";`',
    )
  })

  test('unfacadedImports names what a rewrite left behind, static or dynamic', () => {
    expect(
      unfacadedImports(
        'import {\n  tmpdir\n} from "node:os";\nconst m = await import("node:net");\nimport "node:fs";\nimport "node:tty";',
      ),
    ).toEqual(['os', 'net', 'tty'])
  })
})
