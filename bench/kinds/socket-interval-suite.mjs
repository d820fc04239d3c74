// Does installing the `socket` and `interval` kinds slow a whole suite that uses neither?
// The overhead bench's generated suite (default 1,000 tests in 20 files), run by real
// vitest with leakguard() (every kind) and with leakguard({ track }) leaving out those two,
// same dist/, alternated A B B A; CPU time (user + sys) of the whole vitest process tree
// by GNU time, and wall. Prints each run and the median of per-pair ratios.
// Usage: npm run build && node bench/kinds/socket-interval-suite.mjs [--pairs 2] [--files 20] [--tests 50]
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { handleKindNames } from '../../dist/src/handles/kinds/index.js'
import { alternate } from '../lib/alternate.mjs'
import { median, span } from '../lib/table.mjs'
import { requireGnuTime, timeVitest } from '../lib/time-vitest.mjs'
import { defaultSuiteDir, generateSuite } from '../overhead/generate.mjs'

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '2' },
    files: { type: 'string', default: '20' },
    tests: { type: 'string', default: '50' },
  },
})
requireGnuTime()
const files = Number(values.files)
const tests = Number(values.tests)
const suite = generateSuite({ dir: defaultSuiteDir, files, tests, trivial: false })
const without = handleKindNames.filter((name) => name !== 'socket' && name !== 'interval')
const config = join(suite, 'vitest.kinds-ab.config.ts')
writeFileSync(
  config,
  `import { leakguard } from 'leakguard/plugin'
import { defineConfig, mergeConfig } from 'vitest/config'
import base from './vitest.config.ts'

const track = process.env.LG_KINDS === 'without' ? ${JSON.stringify(without)} : undefined
export default mergeConfig(base, defineConfig({ plugins: [leakguard(track ? { track } : {})] }))
`,
)

function runOnce(side) {
  return timeVitest(suite, ['--config', config], {
    label: side,
    env: { LG_BENCH_VARIANT: 'plain', LG_KINDS: side },
    passed: files * tests,
  })
}

const sides = ['with', 'without']
const [withKinds, withoutKinds] = await alternate(Number(values.pairs) * 2, 2, (index, round) => {
  const m = runOnce(sides[index])
  console.error(
    `run ${round + 1} ${sides[index]}: cpu ${m.cpu.toFixed(2)} s, wall ${m.wall.toFixed(2)} s`,
  )
  return m
})
const runs = { with: withKinds, without: withoutKinds }
const ratios = (key) => runs.with.map((m, i) => m[key] / runs.without[i][key])
for (const key of ['cpu', 'wall']) {
  console.log(
    `${key}: with ${median(runs.with.map((m) => m[key])).toFixed(2)} s, without ${median(
      runs.without.map((m) => m[key]),
    ).toFixed(2)} s, with/without ${median(ratios(key)).toFixed(3)}× (${span(ratios(key), 3)})`,
  )
}
