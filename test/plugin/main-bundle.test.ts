import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { repoRoot } from '../e2e/run-vitest.js'

// What vitest's main process loads when a config imports `leakguard/plugin`: one bundled
// module (scripts/bundle-plugin.mjs), not ~90, so reading the config costs ~6 ms of CPU
// instead of ~45 ms. `npm test` builds first; rolldown is a devDependency, so it is there.
test('leakguard/plugin is one module: importing it loads no other leakguard file', () => {
  const entry = join(repoRoot, 'dist/plugin/index.js')
  expect(existsSync(entry)).toBe(true)
  // A loader hook lists every file: URL the import resolves to inside the package.
  const hook = `data:text/javascript,${encodeURIComponent(
    `export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.startsWith(${JSON.stringify(`file://${repoRoot}/dist/`)})) console.log(r.url.slice(${`file://${repoRoot}/`.length})); return r }`,
  )}`
  const loaded = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { register } from 'node:module'
       register(${JSON.stringify(hook)})
       const plugin = await import(${JSON.stringify(entry)})
       console.log(Object.keys(plugin).sort().join(','))`,
    ],
    { encoding: 'utf8' },
  )
    .trim()
    .split('\n')
  expect(loaded).toEqual([
    'dist/plugin/index.js',
    'LeakguardOptionsError,isLeakguardOptionsError,leakguard',
  ])
  // The bundle imports only Node built-ins and packages, by name.
  expect(readFileSync(entry, 'utf8')).not.toMatch(/from\s+["']\.\.?\//)
})
