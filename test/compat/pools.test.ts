import { beforeAll, describe, expect, test } from 'vitest'
import { type Outcome, outcomeDiff, outcomeOf } from './outcome.js'
import { checkout, type ProjectRun, runProject, siteOf } from './run-project.js'

const pools = ['forks', 'threads', 'vmForks', 'vmThreads'] as const
const runs = new Map<string, ProjectRun>()
const outcomes = new Map<string, Outcome>()

// One run of test/e2e/projects/compat-pools per pool, one after the other (the machine
// is small, and each pool must see the whole machine's memory).
beforeAll(async () => {
  for (const pool of pools) {
    const run = await runProject(checkout, 'compat-pools', {
      args: [`--pool=${pool}`],
      outDir: `.leakguard/pool-${pool}`,
    })
    runs.set(pool, run)
    outcomes.set(pool, outcomeOf(run))
  }
}, 120_000)

const site = (file: string, text: string) => siteOf(checkout, 'compat-pools', file, text)
const get = <T>(map: Map<string, T>, pool: string): T => {
  const value = map.get(pool)
  if (value === undefined) throw new Error(`no run for ${pool}`)
  return value
}

describe('every pool: forks, threads, vmForks, vmThreads', () => {
  test.each(pools)(
    '%s: exit 1, the same leaks at the same file:line:col, the limit enforced',
    (pool) => {
      const outcome = get(outcomes, pool)
      expect(outcome.exitCode).toBe(1)
      expect(outcome.tests).toEqual([
        // vm pools evaluate leakguard in a context without `Symbol.asyncDispose`: this
        // passing proves `await using` still closes there.
        'leaks.test.ts > await using closes: pass/ok []',
        'leaks.test.ts > closes what it opens: pass/ok []',
        `leaks.test.ts > forgets to close: fail/leak [${site('leaks.test.ts', "await makeStore('forgotten')")}]`,
        'memory.test.ts > control: allocates nothing: pass/ok []',
        `memory.test.ts > leaks a second store: fail/leak [${site('memory.test.ts', "await makeStore('second')")}]`,
        'memory.test.ts > spike of 150 MB passes the 100 MB limit: fail/over-limit []',
      ])
      expect(outcome.bigPeaks).toEqual(['spike of 150 MB passes the 100 MB limit: >= 150 MB'])
      expect(get(runs, pool).output).toContain(
        'HandleLeakError: Test "forgets to close" (leaks.test.ts) left 1 handle open after its teardown:',
      )
      expect(get(runs, pool).report?.environment.pool).toBe(pool)
    },
  )

  test('memory figures are labelled per process in forks/vmForks, shared-process in threads/vmThreads', () => {
    expect(pools.map((pool) => [pool, get(outcomes, pool).rssScopes])).toEqual([
      ['forks', ['process']],
      ['threads', ['shared-process']],
      ['vmForks', ['process']],
      ['vmThreads', ['shared-process']],
    ])
    for (const pool of ['threads', 'vmThreads']) {
      expect(get(runs, pool).output).toContain(
        'Note: tests ran in worker threads, so RSS and peak RSS are process-wide, not per test.',
      )
    }
    for (const pool of pools) {
      const limitLine = get(outcomes, pool).messages.find((line) => line.startsWith('MemoryLimit'))
      expect([pool, limitLine?.endsWith('(process-wide RSS: threads pool)')]).toEqual([
        pool,
        pool.endsWith('hreads'),
      ])
    }
    expect(get(runs, 'forks').output).not.toContain('process-wide')
  })

  test('apart from `await using` in vm pools, all four pools agree line for line', () => {
    const usingLine = /await using closes/
    const without = (o: Outcome): Outcome => ({
      ...o,
      tests: o.tests.filter((line) => !usingLine.test(line)),
      // The labels differ on purpose (asserted above).
      messages: o.messages
        .filter((line) => !usingLine.test(line))
        .map((line) => line.replace(' (process-wide RSS: threads pool)', '')),
      rssScopes: [],
    })
    const forks = without(get(outcomes, 'forks'))
    for (const pool of pools.slice(1)) {
      expect([pool, outcomeDiff(forks, without(get(outcomes, pool)), ['forks', pool])]).toEqual([
        pool,
        [],
      ])
    }
  })
})
