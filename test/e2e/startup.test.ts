import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, test } from 'vitest'
import { repoRoot, runVitest, type VitestRun } from './run-vitest.js'

// Issue 15, per-file start-up: with vitest's default isolation every test file runs in a
// fresh worker, so whatever leakguard's runtime loads there is paid once per file. The
// `startup` project prints the ESM loader's cache from inside a test; it runs once plain
// and once with leakguard() defaults.
const runs: { plain?: VitestRun; leakguard?: VitestRun } = {}
beforeAll(async () => {
  runs.plain = await runVitest('startup', [], { LEAKGUARD_E2E_PLAIN: '1' })
  runs.leakguard = await runVitest('startup')
})

function printed(run: VitestRun | undefined, tag: 'LOADED' | 'BUILTINS'): string[] {
  const line = run?.output.split('\n').find((text) => text.startsWith(`${tag} `))
  if (!line) throw new Error(`no ${tag} line in the run's output:\n${run?.output}`)
  return JSON.parse(line.slice(tag.length + 1)) as string[]
}
const loaded = (run: VitestRun | undefined) => printed(run, 'LOADED')
const builtins = (urls: string[]) => urls.filter((url) => url.startsWith('node:')).sort()

describe("a test file's worker start-up", () => {
  test('both runs pass', () => {
    expect(runs.plain?.exitCode).toBe(0)
    expect(runs.leakguard?.exitCode).toBe(0)
  })

  test("leakguard loads one module of its own, the bundled runtime, and none of dist/'s others", () => {
    const dist = pathToFileURL(join(repoRoot, 'dist')).href
    const ours = (run: VitestRun | undefined) =>
      loaded(run)
        .filter((url) => url.startsWith(`${dist}/`))
        .map((url) => url.slice(dist.length + 1))
    expect(ours(runs.leakguard)).toEqual(['worker/runner.js'])
    // The control every comparison with the plain run rests on: it ran without leakguard.
    expect(ours(runs.plain)).toEqual([])
  })

  test('leakguard makes no ESM facade of a Node built-in that plain vitest has not made', () => {
    const plain = builtins(loaded(runs.plain))
    expect(plain.length).toBeGreaterThan(0)
    expect(builtins(loaded(runs.leakguard)).filter((id) => !plain.includes(id))).toEqual([])
  })

  test('leakguard loads no built-in module that plain vitest has not, not even worker_threads', () => {
    // Anything it loads (node:os ~0.3 ms, worker_threads ~0.8 ms CPU) is paid by every test
    // file. The `worker` kind (on by default) learns of Workers through Node's diagnostics
    // channel and wraps `Worker` only once something else has loaded worker_threads.
    const plain = printed(runs.plain, 'BUILTINS')
    expect(plain).not.toContain('worker_threads')
    const added = printed(runs.leakguard, 'BUILTINS').filter((id) => !plain.includes(id))
    expect(added).toEqual([])
  })

  test('every built-in the runtime imports as ESM is one plain vitest has imported already', () => {
    // What the bundler leaves as imports (scripts/worker-builtins.mjs's list): if vitest
    // stops importing one of them, the list is stale and this names the built-in.
    // The bundle is minified (`import{a}from"node:fs";`), whitespace optional either way.
    const code = readFileSync(join(repoRoot, 'dist/worker/runner.js'), 'utf8')
    const imported = [...code.matchAll(/\bimport\s*[^;()"]*?\bfrom\s*"(node:[a-z0-9_/]+)";/g)].map(
      (match) => match[1],
    )
    expect(imported.length).toBeGreaterThan(0)
    const plain = builtins(loaded(runs.plain))
    expect(imported.filter((id) => id !== undefined && !plain.includes(id))).toEqual([])
  })
})
