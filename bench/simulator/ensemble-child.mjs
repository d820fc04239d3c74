// One ensemble in a fresh process; prints one JSON line with its wall time and the
// time of simulateEnsemble alone (pool start, stores, realizations, reopening), and the
// process's kernel peak RSS (VmHWM covers the worker threads, which share the process).
// Usage: node bench/simulator/ensemble-child.mjs <n> <disaggregate 0|1> <workers> <root>
import { readFileSync } from 'node:fs'
import { exampleObservations, Multisite } from '../../dist/src/index.js'

const [n, disaggregate, workers, root] = process.argv.slice(2)
const obs = exampleObservations({ stations: 3, years: 10, seed: 1 })
const name = `n${n}-d${disaggregate}-w${workers}-${process.pid}`
const started = performance.now()
const ms = new Multisite(obs)
const simulating = performance.now()
let simulateSeconds = 0
try {
  await ms.simulateEnsemble(Number(n), {
    root,
    name,
    workers: Number(workers),
    disaggregate: disaggregate === '1',
    seed: 1,
  })
  simulateSeconds = (performance.now() - simulating) / 1000
} finally {
  await ms.close()
}
const seconds = (performance.now() - started) / 1000
const status = readFileSync('/proc/self/status', 'utf8')
const kib = (key) =>
  Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN)
console.log(
  JSON.stringify({
    n: Number(n),
    seconds,
    simulateSeconds,
    peakRssKiB: kib('VmHWM'),
    rssKiB: kib('VmRSS'),
  }),
)
