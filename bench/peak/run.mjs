// Peak accuracy: spikes of 50, 100, 300 and 1000 MB, in synchronous and in async code,
// each in a fresh child process (spike-child.mjs), against dist/ (run `npm run build`).
// Reports the peak each method saw above the RSS at the window's start, next to the
// real one (RSS read at the top of the spike).
//
// Usage: npm run build && node bench/peak/run.mjs [--sizes 50,100,300,1000] [--modes sync,async]
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { formatMB, markdownTable } from '../lib/table.mjs'

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '50,100,300,1000' },
    modes: { type: 'string', default: 'sync,async' },
  },
})
const child = join(import.meta.dirname, 'spike-child.mjs')

const shown = (reported, real) => `${formatMB(reported)} (${Math.round((reported / real) * 100)} %)`
const rows = []
for (const mode of values.modes.split(',')) {
  for (const size of values.sizes.split(',').map(Number)) {
    const out = execFileSync(process.execPath, [child, String(size), mode], { encoding: 'utf8' })
    const r = JSON.parse(out.trim().split('\n').at(-1))
    if (r.kernelMethod !== 'kernel-hwm')
      console.error(`note: kernel peak unavailable (${r.kernelMethod})`)
    rows.push([
      `${size} MB`,
      mode,
      formatMB(r.real),
      shown(r.kernel, r.real),
      shown(r.sampled, r.real),
      shown(r.timer, r.real),
    ])
  }
}
console.log(
  `node ${process.version}; peak above the RSS at the window start, fresh process per spike\n`,
)
console.log(
  markdownTable(
    [
      'spike',
      'code',
      'real',
      'kernel-hwm (default)',
      'sampled (fallback)',
      'timer 10 ms (not in leakguard)',
    ],
    rows,
  ),
)
