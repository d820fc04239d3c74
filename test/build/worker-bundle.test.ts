import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { expect, test } from 'vitest'
import { repoRoot } from '../e2e/run-vitest.js'

// The worker runtime every test file's worker compiles (scripts/bundle-worker.mjs) is
// written without comments or whitespace, names kept, with a source map beside it.
const runner = join(repoRoot, 'dist/worker/runner.js')

/** The first `at` line of the stack thrown by the runtime's `createLeakguardRunner(42)`. */
function frameOfOurs(nodeArgs: string[]): string {
  const script = [
    `const m = await import(${JSON.stringify(pathToFileURL(runner).href)})`,
    'try { m.createLeakguardRunner(42) } catch (error) { console.log(error.stack.split("\\n")[1]) }',
  ].join('\n')
  return execFileSync(process.execPath, [...nodeArgs, '--input-type=module', '-e', script], {
    encoding: 'utf8',
  }).trim()
}

test('the runtime is compiled without its comments: far smaller than the modules it bundles', () => {
  const code = readFileSync(runner, 'utf8')
  expect(code).not.toMatch(/\/\*\*|^\s*\/\/ /m)
  expect(code.split('\n').length).toBeLessThan(20)
  // The runner alone, unbundled, with its comments: the bundle holds ~70 modules like it.
  const runnerModule = readFileSync(join(repoRoot, 'dist/plugin/runner.js'), 'utf8')
  expect(runnerModule).toMatch(/\/\*\*/)
  expect(code.length).toBeLessThan(100_000)
})

test("a stack names leakguard's functions, and the source map takes a frame back to dist/'s module", () => {
  // Names are kept: profiles and stacks read as before.
  const plain = frameOfOurs([])
  expect(plain).toMatch(
    /^at (Module\.)?createLeakguardRunner \(file:\/\/.*\/dist\/worker\/runner\.js:\d+:\d+\)$/,
  )
  const mapped = frameOfOurs(['--enable-source-maps'])
  const line = readFileSync(join(repoRoot, 'dist/plugin/runner.js'), 'utf8')
    .split('\n')
    .findIndex((text) => text.includes('return class LeakguardRunner extends Base'))
  expect(line).toBeGreaterThan(0)
  expect(mapped).toMatch(
    new RegExp(
      `createLeakguardRunner \\(${join(repoRoot, 'dist/plugin/runner.js')}:${line + 1}:\\d+\\)$`,
    ),
  )
})
