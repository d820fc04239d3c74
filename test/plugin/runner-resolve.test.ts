import { existsSync, realpathSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { expect, test } from 'vitest'
import { repoRoot } from '../e2e/run-vitest.js'

interface HookWithFilter {
  filter: { id: RegExp }
  handler: (this: unknown, source: string, importer?: string, extra?: object) => unknown
}

// Every fresh worker asks the main process to resolve `test.runner`. The built plugin
// answers that one id itself, without Vite's file-system lookups (~60 µs a file,
// bench/overhead/runner-resolve.mjs), so its answer must be what Vite would give: the
// runner's absolute, real path, unchanged. Other ids still reach Vite.
test("the plugin's resolveId answers the runner's own path, and only it, with its real path", async () => {
  const { leakguard } = await import(pathToFileURL(join(repoRoot, 'dist/plugin/index.js')).href)
  const plugin = leakguard()
  const config = plugin.config({ root: repoRoot }) as { test: { runner: string } }
  const runner = config.test.runner
  expect(runner).toBe(join(repoRoot, 'dist/worker/runner.js'))
  expect(isAbsolute(runner) && existsSync(runner)).toBe(true)
  expect(realpathSync(runner)).toBe(runner)

  const hook = plugin.resolveId as HookWithFilter
  const context = { environment: { config: { consumer: 'server' } } }
  expect(hook.filter.id.test(runner)).toBe(true)
  expect(hook.handler.call(context, runner, undefined, {})).toBe(runner)
  for (const other of [
    `${runner}?v=1`,
    join(repoRoot, 'dist/worker/library-import.js'),
    './runner.js',
    'vitest',
  ]) {
    expect(hook.filter.id.test(other)).toBe(false)
  }
  // A tracked library's import still matches, as before.
  expect(hook.filter.id.test('h5wasm/node')).toBe(true)
})
