// Side-by-side measurement shared by the benchmarks: sides alternated A B B A … in one
// process, so drift and machine noise hit every side alike (STYLE: ratios measured side
// by side in one run), the clocks they read, and the async depth a test runs at.
import { fork } from 'node:child_process'

/**
 * Runs `measure(side, round)` for each of `sides` sides, `rounds` times, the order
 * reversed every other round (with two sides: A B B A A B …), and returns each side's
 * results.
 */
export async function alternate(rounds, sides, measure) {
  const samples = Array.from({ length: sides }, () => [])
  for (let round = 0; round < rounds; round++) {
    const order = [...samples.keys()]
    if (round % 2 === 1) order.reverse()
    for (const side of order) samples[side].push(await measure(side, round))
  }
  return samples
}

/**
 * Runs `body` below `levels` awaiting async frames, as a test below vitest's runner: a
 * stack capture's cost grows with its frames.
 */
export async function under(levels, body) {
  if (levels === 0) return body()
  return await under(levels - 1, body)
}

/**
 * A clock in microseconds for a `--clock` flag: `cpu` is the process's user + system time
 * (on a shared machine the wall clock mostly measures waiting for a core), `wall` is hrtime.
 */
export function clockMicros(clock) {
  if (clock === 'cpu') {
    return () => {
      const { user, system } = process.cpuUsage()
      return user + system
    }
  }
  if (clock === 'wall') return () => Number(process.hrtime.bigint()) / 1e3
  throw new Error(`--clock must be wall or cpu, not ${clock}`)
}

/**
 * Forks `script` with `args` in a fresh child and resolves with the first message it sends;
 * rejects if it exits non-zero.
 */
export function messageFromChild(script, args, cwd) {
  return new Promise((done, fail) => {
    const child = fork(script, args, { cwd })
    child.on('message', done)
    child.on(
      'exit',
      (code) => code !== 0 && fail(new Error(`${args.join(' ')}: child exited ${code}`)),
    )
  })
}
