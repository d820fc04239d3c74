import { expect, test } from 'vitest'
import { outcomeOf } from './outcome.js'
import { checkout, runProject } from './run-project.js'

// test/e2e/projects/compat-projects: one config, two vitest projects, each with its own
// leakguard() (beta with a 100 MB limit and the threads pool).
test('two vitest projects: one report, tests carry their project, options stay per project', async () => {
  const run = await runProject(checkout, 'compat-projects')
  const outcome = outcomeOf(run)
  expect(outcome.exitCode).toBe(1)
  expect(outcome.tests).toEqual([
    'alpha|alpha/store.test.ts > alpha closes its store: pass/ok []',
    'alpha|alpha/store.test.ts > alpha leaks its store: fail/leak [alpha/store.test.ts:10:3]',
    'beta|beta/store.test.ts > beta closes its store: pass/ok []',
    'beta|beta/store.test.ts > beta leaks its store: fail/leak [beta/store.test.ts:10:3]',
    'beta|beta/store.test.ts > beta spikes 150 MB over its 100 MB limit: fail/over-limit []',
  ])
  const scopeOf = (project: string) =>
    run.report?.tests.filter((t) => t.project === project).map((t) => t.memory?.rssScope)
  expect([scopeOf('alpha'), scopeOf('beta')]).toEqual([
    ['process', 'process'],
    ['shared-process', 'shared-process', 'shared-process'],
  ])
  // One leakguard reporter for the run, not one per project.
  expect(run.output.match(/Top peak RSS growth:/g)).toHaveLength(1)
})
