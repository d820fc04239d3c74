// What importing leakguard's worker runtime costs a test file's fresh worker: CPU
// (process.cpuUsage(), user+sys) around `import(runtime)` in a fresh forked child that has
// first loaded what a vitest forks worker has (vitest, and the built-ins it imports as
// ESM), so only leakguard's share is timed. With vitest's default isolation this is paid
// once per test file.
//
// Several runtimes can be compared side by side (e.g. a build of main kept in tmp/): they
// alternate ABBA, one fresh child per import, and each prints its median and min–max.
// An empty module is timed the same way as the floor any import costs.
//
// Usage: npm run build && node bench/overhead/import-cost.mjs [--rounds 25] [runtime.js ...]
//        (default runtime: dist/worker/runner.js)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { vitestFacades } from '../../scripts/worker-builtins.mjs'
import { alternate, messageFromChild } from '../lib/alternate.mjs'
import { markdownTable, median, span } from '../lib/table.mjs'
import { repo } from './generate.mjs'

if (process.argv[2] === '--child') {
  // As in a vitest worker before it loads the runner: these facades and vitest exist.
  for (const id of vitestFacades) await import(`node:${id}`)
  await import('vitest')
  const before = process.cpuUsage()
  await import(pathToFileURL(process.argv[3]).href)
  const spent = process.cpuUsage(before)
  process.send?.((spent.user + spent.system) / 1000, () => process.exit(0))
} else {
  const { values, positionals } = parseArgs({
    options: { rounds: { type: 'string', default: '25' } },
    allowPositionals: true,
  })
  const scratch = mkdtempSync(join(tmpdir(), 'leakguard-import-cost-'))
  const empty = join(scratch, 'empty.mjs')
  writeFileSync(empty, 'export const nothing = 0\n')
  const runtimes = [
    empty,
    ...(positionals.length > 0 ? positionals : ['dist/worker/runner.js']).map((path) =>
      resolve(path),
    ),
  ]
  const samples = await alternate(Number(values.rounds), runtimes.length, (index) =>
    messageFromChild(import.meta.filename, ['--child', runtimes[index]], repo),
  )
  rmSync(scratch, { recursive: true, force: true })
  console.log(`CPU to import, fresh forked child, ${values.rounds} rounds ABBA: median (min–max)`)
  const rows = runtimes.map((path, index) => {
    const name = path === empty ? '(an empty module)' : relative(repo, path)
    const cpu = samples[index]
    return [name, `${median(cpu).toFixed(2)} ms (${span(cpu)} ms)`]
  })
  console.log(markdownTable(['module', 'CPU'], rows))
}
