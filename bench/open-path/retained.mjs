// What the registry keeps per open handle, in bytes of heap: 20,000 resources tracked and
// left open (with the `file` kind's options: a begin stack, an `isOpen` probe), a full GC,
// and the heap used before and after divided by the count. Unlike a timing this does not
// move with the machine's load: each object an open allocates and keeps shows up in it.
// `--before <dist>` measures an earlier build the same way, in its own child process.
// Usage: npm run build && node --expose-gc bench/open-path/retained.mjs [--before tmp/dist-before]
import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    dist: { type: 'string' },
    count: { type: 'string', default: '20000' },
  },
})
const count = Number(values.count)

if (values.dist === undefined) {
  // Each build in a fresh process, so neither's garbage or code is in the other's figure.
  const self = fileURLToPath(import.meta.url)
  const builds =
    values.before === undefined
      ? [['this', 'dist']]
      : [
          ['before', values.before],
          ['after', 'dist'],
        ]
  for (const [name, dist] of builds) {
    const out = execFileSync(process.execPath, [
      '--expose-gc',
      self,
      '--dist',
      dist,
      '--count',
      String(count),
    ])
    console.log(`${name.padEnd(7)} ${out.toString().trim()}`)
  }
} else {
  const { handles, ownerContext } = await import(
    pathToFileURL(`${resolve(values.dist)}/src/handles/index.js`).href
  )
  ownerContext.enter('test:bench')
  const begun = handles.opening()
  begun.done()
  const resources = Array.from({ length: count }, () => ({}))
  // The `file` kind's options: its begin stack, formatted already, and an `isOpen` probe.
  const options = {
    kind: 'file',
    label: 'a (r)',
    fix: 'f',
    isOpen: () => true,
    pending: begun,
    stackFromPending: true,
  }
  // Warm the registry's maps to their steady size first: their backing stores grow in steps.
  for (const o of resources) handles.track(o, options)
  for (const o of resources) handles.release(o)
  globalThis.gc()
  const start = process.memoryUsage().heapUsed
  for (const o of resources) handles.track(o, options)
  globalThis.gc()
  const perOpen = (process.memoryUsage().heapUsed - start) / count
  console.log(
    `${perOpen.toFixed(0)} bytes of heap kept per open handle (${count} open, after a full GC)`,
  )
}
