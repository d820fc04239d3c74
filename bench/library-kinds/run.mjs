// What the library kinds (hdf5, duckdb) cost a worker: the install in a project that does
// not have h5wasm or @duckdb/node-api (a failed lookup each), the install in one that does
// (each in a fresh process, as every worker pays it: the import of the user's copy), and
// an open + close of an HDF5 file, tracked vs untracked, alternated in one process.
// Usage: npm run build && node bench/library-kinds/run.mjs [--rounds 7] [--count 2000]
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { handles } from '../../dist/src/handles/index.js'
import { duckdbKind } from '../../dist/src/handles/kinds/duckdb.js'
import { hdf5Kind } from '../../dist/src/handles/kinds/hdf5.js'
import { importFromRoot } from '../../dist/src/handles/kinds/import-from-root.js'
import { formatMB, formatSeconds, markdownTable, median } from '../lib/table.mjs'

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    count: { type: 'string', default: '2000' },
    child: { type: 'string' },
  },
})
const repo = resolve(import.meta.dirname, '../..')
const kinds = { hdf5: hdf5Kind, duckdb: duckdbKind }
const contextFor = (root) => ({
  registry: handles,
  root,
  importFromRoot: (id) => importFromRoot(root, id),
})

if (values.child) {
  // One worker's install of one kind in a project that has its package: time and RSS.
  const rssBefore = process.memoryUsage().rss
  const start = performance.now()
  await kinds[values.child].install(contextFor(repo))
  const seconds = (performance.now() - start) / 1000
  console.log(JSON.stringify({ seconds, rss: process.memoryUsage().rss - rssBefore }))
  process.exit(0)
}

const rounds = Number(values.rounds)
const count = Number(values.count)
const rows = []

// A project without either package: both kinds installed, many times, in this process.
const empty = mkdtempSync(join(tmpdir(), 'leakguard-bench-nolibs-'))
const without = []
for (let round = 0; round < rounds; round++) {
  const start = performance.now()
  for (let i = 0; i < count; i++) {
    for (const kind of Object.values(kinds)) (await kind.install(contextFor(empty)))()
  }
  without.push((performance.now() - start) / 1000 / count)
}
rmSync(empty, { recursive: true, force: true })
rows.push([
  'install hdf5 + duckdb, project without them',
  formatSeconds(median(without)),
  '0 MB',
  `${rounds} × ${count} installs`,
])

// A project with them: the first install in a fresh process, as each worker pays it.
for (const name of Object.keys(kinds)) {
  const runs = []
  for (let round = 0; round < rounds; round++) {
    const child = spawnSync(process.execPath, [import.meta.filename, '--child', name], {
      cwd: repo,
      encoding: 'utf8',
    })
    if (child.status !== 0) throw new Error(`child ${name} failed: ${child.stderr}`)
    runs.push(JSON.parse(child.stdout.trim().split('\n').at(-1)))
  }
  rows.push([
    `install ${name}, project with ${name === 'hdf5' ? 'h5wasm' : '@duckdb/node-api'}`,
    formatSeconds(median(runs.map((run) => run.seconds))),
    formatMB(median(runs.map((run) => run.rss))),
    `${rounds} fresh processes`,
  ])
}

// An HDF5 open + close, tracked vs untracked, alternated so noise hits both sides.
const h5 = await import('h5wasm/node')
await h5.ready
const dir = mkdtempSync(join(tmpdir(), 'leakguard-bench-h5-'))
const path = join(dir, 'bench.h5')
const seed = new h5.File(path, 'w')
seed.create_dataset({ name: 'x', data: new Float32Array([1, 2, 3]) })
seed.close()
const sides = { tracked: [], untracked: [] }
for (let round = 0; round < rounds * 2; round++) {
  const tracked = round % 2 === 0
  const undo = tracked ? await hdf5Kind.install(contextFor(repo)) : () => {}
  const start = performance.now()
  for (let i = 0; i < count; i++) new h5.File(path, 'r').close()
  sides[tracked ? 'tracked' : 'untracked'].push((performance.now() - start) / 1000 / count)
  undo()
}
rmSync(dir, { recursive: true, force: true })
// The registry's own share of a tracked open, in the same process and conditions.
const registryOnly = []
for (let round = 0; round < rounds; round++) {
  const start = performance.now()
  for (let i = 0; i < count; i++) {
    const resource = {}
    handles.track(resource, { kind: 'hdf5', label: 'bench' })
    handles.release(resource)
  }
  registryOnly.push((performance.now() - start) / 1000 / count)
}
const ratio = median(sides.tracked) / median(sides.untracked)
rows.push([
  'h5wasm new File() + close(), tracked',
  formatSeconds(median(sides.tracked)),
  '',
  `untracked ${formatSeconds(median(sides.untracked))}: ${ratio.toFixed(2)}×`,
])
rows.push([
  'handles.track + release alone',
  formatSeconds(median(registryOnly)),
  '',
  'same process',
])

console.log(`node ${process.version}, medians`)
console.log(markdownTable(['operation', 'time', 'RSS', 'note'], rows))
