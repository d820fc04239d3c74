// Preloaded (NODE_OPTIONS=--import) into the vitest main process and every forks worker by
// cpu-split.mjs: at exit, appends this process's own CPU (user+sys, RUSAGE_SELF) to a file.
import { appendFileSync } from 'node:fs'

const out = process.env.LG_CPU_SPLIT_FILE
const role = typeof process.send === 'function' ? 'worker' : 'main'
// vitest ends its forks workers with a signal, so only the main process reliably gets here.
process.on('exit', () => {
  const { user, system } = process.cpuUsage()
  appendFileSync(
    out,
    `${JSON.stringify({ pid: process.pid, role, cpuMs: (user + system) / 1000 })}\n`,
  )
})
