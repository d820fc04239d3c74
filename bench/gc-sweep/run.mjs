// Whether a forced GC's figures still count ArrayBuffer memory it already freed, and what
// waiting for the release costs. V8 releases dead ArrayBuffers' backing stores on a
// background thread after a full GC; on a busy machine the RSS right after `gc()` can
// still hold them. Side by side, in one run:
//   - freed: RSS before the collection minus RSS right after it, after dropping a 60 MB
//     Buffer; held: RSS right after minus RSS 50 ms later; for `gc()` alone and for
//     leakguard's `getForcedGc()` (gc + a minor GC, which first waits for the sweep).
//     leakguard relies on getForcedGc() holding < 8 MB in every round: the last line
//     says whether it did (this used to be a sleep-and-RSS unit test, too noisy for one);
//   - cost: median time of each with ~50 MB of live heap.
// Run it on a loaded machine to see the difference (e.g. two `yes > /dev/null` beside it).
//
// Usage: npm run build && node bench/gc-sweep/run.mjs [--rounds 15]
import { parseArgs } from 'node:util'
import { runInNewContext } from 'node:vm'
import { getForcedGc } from '../../dist/src/memory/force-gc.js'
import { median } from '../lib/table.mjs'

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '15' } } })
const rounds = Number(values.rounds)
const MB = 1024 * 1024
const complete = getForcedGc() // also sets --expose-gc for the context below
const single = runInNewContext('gc')
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

async function afterDrop(collect) {
  let buffer = Buffer.alloc(60 * MB, 1)
  buffer[5] = 2
  const before = process.memoryUsage.rss()
  buffer = null
  collect()
  const right = process.memoryUsage.rss()
  await sleep(50)
  return { freed: (before - right) / MB, held: Math.max(0, right - process.memoryUsage.rss()) / MB }
}

const held = { 'gc()': [], 'getForcedGc()': [] }
const freed = { 'gc()': [], 'getForcedGc()': [] }
for (let i = 0; i < rounds; i++) {
  for (const [name, collect] of [
    ['gc()', single],
    ['getForcedGc()', complete],
  ]) {
    const figures = await afterDrop(collect)
    held[name].push(figures.held)
    freed[name].push(figures.freed)
  }
}
const live = Array.from({ length: 50 }, () => new Array(MB / 8).fill(1.5))
const cost = { 'gc()': [], 'getForcedGc()': [] }
for (let i = 0; i < 21; i++) {
  for (const [name, collect] of [
    ['gc()', single],
    ['getForcedGc()', complete],
  ]) {
    const start = performance.now()
    collect()
    cost[name].push(performance.now() - start)
  }
}
console.log(`${rounds} rounds of a dropped 60 MB Buffer; cost with ~${live.length} MB of live heap`)
console.log(
  '| collection | median freed at once | rounds still holding > 1 MB | median held | max held | median cost |',
)
console.log('| --- | --- | --- | --- | --- | --- |')
for (const name of Object.keys(held)) {
  const xs = held[name]
  console.log(
    `| ${name} | ${median(freed[name]).toFixed(1)} MB | ${xs.filter((x) => x > 1).length} of ${xs.length} | ${median(xs).toFixed(1)} MB | ${Math.max(...xs).toFixed(1)} MB | ${median(cost[name]).toFixed(2)} ms |`,
  )
}
const worst = Math.max(...held['getForcedGc()'])
console.log(
  `\ngetForcedGc() held at most ${worst.toFixed(1)} MB 50 ms after returning: ` +
    (worst < 8 ? 'within' : 'OVER') +
    ' the 8 MB leakguard relies on.',
)
