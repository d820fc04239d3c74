import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import type { LogEvent } from '../../src/report/log-events.js'
import { schemaErrors } from './report-schema.js'
import { failedTests, runVitest, siteOf, type VitestRun } from './run-vitest.js'

// One real vitest run of test/e2e/projects/handles covers every handle scenario.
let run: VitestRun
beforeAll(async () => {
  run = await runVitest('handles')
})

const site = (file: string, text: string) => siteOf('handles', file, text)

function reportTest(name: string) {
  const found = run.report.tests.find((test) => test.name === name)
  if (!found) throw new Error(`no test ${name} in report.json`)
  return found
}

describe('handles project (forks pool, --reporter=dot on the command line)', () => {
  test('exits 1 and fails exactly the leaking tests', () => {
    expect(run.exitCode).toBe(1)
    expect(failedTests(run.json)).toEqual([
      'a timer opens and leaks',
      'abandons an open still in flight',
      'concurrent A leaks while B runs',
      'forgets to close',
      'leaks through a helper',
    ])
  })

  test('a forgotten close names the test, file, handle, open site, source line and fix', () => {
    expect(run.output).toContain(
      'HandleLeakError: Test "forgets to close" (leaks.test.ts) left 1 handle open after its teardown:',
    )
    const [leak] = reportTest('forgets to close').leaks
    expect(leak?.openedAt).toBe(site('leaks.test.ts', "await makeStore('forgotten')"))
    expect(run.output).toMatch(
      new RegExp(
        `- dataset ".*forgotten-\\d+\\.zarr" \\(${leak?.id}\\) opened at ${leak?.openedAt}`,
      ),
    )
    expect(run.output).toContain("      const ds = await makeStore('forgotten')")
    expect(run.output).toContain('Fix: close it with `await ds.close()`')
    expect(run.output).toContain('or hold it with `await using ds = …`')
  })

  test('an open nobody awaited is still judged with its test, at the line that began it', () => {
    const [leak] = reportTest('abandons an open still in flight').leaks
    expect(leak?.label).toMatch(/in-flight-\d+\.zarr$/)
    // Nothing awaited it, so the only user frame is the helper's call to createDataset.
    expect(leak?.openedAt).toBe(site('stores.ts', 'createDataset('))
  })

  test('a leak one call away points at the line in the helper module', () => {
    const [leak] = reportTest('leaks through a helper').leaks
    expect(leak?.openedAt).toBe(site('helper.ts', 'await openDataset(path)'))
    expect(leak?.sourceLine).toBe('const results = await openDataset(path)')
  })

  test('a handle opened by a timer is blamed on the test that set the timer', () => {
    const [leak] = reportTest('a timer opens and leaks').leaks
    expect(leak?.openedAt).toBe(site('leaks.test.ts', 'await openDataset(path)'))
  })

  test('concurrent tests are told apart: A leaks, B does not', () => {
    expect(reportTest('concurrent > A leaks while B runs').status).toBe('leak')
    const b = reportTest('concurrent > B closes while A runs')
    expect([b.state, b.status, b.leaks]).toEqual(['pass', 'ok', []])
  })

  test('clean tests, double close, await using and a fixture closing in teardown pass', () => {
    for (const name of [
      'clean: closes what it opens',
      'double close is harmless',
      'await using closes',
      'fixture closes its store in teardown',
    ]) {
      const test = reportTest(name)
      expect([name, test.state, test.status, test.leaks]).toEqual([name, 'pass', 'ok', []])
    }
  })

  test('a file-scoped fixture closed at file end does not fail the first test that used it', () => {
    for (const name of ['first user of a file fixture', 'second user of a file fixture']) {
      expect([name, reportTest(name).state, reportTest(name).leaks]).toEqual([name, 'pass', []])
    }
    expect(
      run.report.scopes.some((scope) => scope.leaks.some((l) => /file-fixture/.test(l.label))),
    ).toBe(false)
  })

  test('a beforeAll leak fails the suite, not the test that ran, and goes to scopes[]', () => {
    expect(
      reportTest('suite that never closes its beforeAll store > innocent test in the leaking suite')
        .state,
    ).toBe('pass')
    const scope = run.report.scopes.find((s) => s.scope === 'suite')
    expect(scope?.name).toBe('suite that never closes its beforeAll store')
    expect(scope?.leaks[0]?.openedAt).toBe(site('leaks.test.ts', "await makeStore('before-all')"))
    expect(run.output).toContain(
      'HandleLeakError: Suite "suite that never closes its beforeAll store" (leaks.test.ts) left 1 handle open when it ended:',
    )
  })

  test('a module-scope leak fails the file and goes to scopes[]', () => {
    const scope = run.report.scopes.find((s) => s.file === 'module-scope.test.ts')
    expect(scope?.scope).toBe('file')
    expect(scope?.file).toBe('module-scope.test.ts')
    expect(scope?.leaks[0]?.openedAt).toBe(
      site('module-scope.test.ts', "await makeStore('module-scope')"),
    )
    const file = run.json.testResults.find((f) => f.name.endsWith('module-scope.test.ts'))
    expect(file?.status).toBe('failed')
  })

  test('a fixture still holding a handle after its test is judged at file end, and says why', () => {
    expect(reportTest('uses a fixture that never closes its store').state).toBe('pass')
    const scope = run.report.scopes.find((s) => s.file === 'leaks.test.ts' && s.scope === 'file')
    expect(scope?.leaks.map((leak) => leak.openedAt)).toEqual([
      site('leaks.test.ts', "await makeStore('fixture-no-teardown')"),
    ])
    expect(run.output).toContain(
      'HandleLeakError: Test file leaks.test.ts (module scope, file or worker fixtures) left 1 handle open when it ended:',
    )
    expect(run.output).toMatch(
      /note: h\d+ is held by fixture `unclosed` \(first used by "uses a fixture that never closes its store"\) and was still open after the file’s and the worker’s fixtures had torn down/,
    )
  })

  test('a worker-scoped fixture closed by its teardown is no leak; one never closed fails its file', () => {
    for (const name of [
      'first user of a worker fixture',
      'second user of a worker fixture',
      'uses a worker fixture that never closes its store',
    ]) {
      expect([name, reportTest(name).state, reportTest(name).leaks]).toEqual([name, 'pass', []])
    }
    // leakguard tore the worker's fixtures down before the file's verdict, so only the
    // fixture without teardown is left, and it is reported against the file.
    const scope = run.report.scopes.find((s) => s.file === 'worker-fixtures.test.ts')
    expect(scope?.scope).toBe('file')
    expect(scope?.leaks.map((leak) => leak.openedAt)).toEqual([
      site('worker-fixtures.test.ts', "await makeStore('worker-fixture-no-teardown')"),
    ])
    const file = run.json.testResults.find((f) => f.name.endsWith('worker-fixtures.test.ts'))
    expect(file?.status).toBe('failed')
    expect(run.output).toMatch(
      /note: h\d+ is held by fixture `forgotten` \(first used by "uses a worker fixture that never closes its store"\) and was still open after the file’s and the worker’s fixtures had torn down/,
    )
    expect(run.output).not.toMatch(/worker-fixture-\d+\.zarr/)
  })

  test('a worker fixture whose teardown throws fails its file with that error', () => {
    const name = 'uses a worker fixture whose teardown throws'
    expect([name, reportTest(name).state, reportTest(name).leaks]).toEqual([name, 'pass', []])
    const file = run.json.testResults.find((f) =>
      f.name.endsWith('worker-fixture-teardown.test.ts'),
    )
    expect(file?.status).toBe('failed')
    expect(run.output).toContain(
      "WorkerFixtureTeardownError: A worker-scoped fixture's teardown threw: brittle worker fixture failed to tear down",
    )
    // The other worker fixture still closed its store: no leak besides the error.
    expect(run.report.scopes.some((s) => s.file === 'worker-fixture-teardown.test.ts')).toBe(false)
  })

  test('every test has kernel-measured memory figures from its own process', () => {
    for (const test of run.report.tests) {
      expect(test.memory?.peakMethod).toBe('kernel-hwm')
      expect(test.memory?.rssScope).toBe('process')
      expect(test.memory?.peakRss).toBeGreaterThanOrEqual(test.memory?.rssBefore ?? Infinity)
      expect(test.memory?.fdDelta).toBeTypeOf('number')
    }
  })

  test('report.json matches schema/report.schema.json', () => {
    expect(schemaErrors(run.report)).toEqual([])
    // The schema is strict enough to notice a wrong field.
    expect(
      schemaErrors({ ...run.report, tests: [{ ...run.report.tests[0], status: 'leaky' }] }),
    ).toEqual(['/tests/0/status must be equal to one of the allowed values'])
  })

  test('memory.jsonl has the session and a start, end and GC line per test; worker logs are gone', () => {
    const events = readFileSync(join(run.outDir, 'memory.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as LogEvent)
    const count = (type: string) => events.filter((event) => event.type === type).length
    expect([count('session-start'), count('session-end')]).toEqual([1, 1])
    expect([count('test-start'), count('test-end')]).toEqual([19, 19])
    // A test's GC line is held for the next line: the last test of each file has one too.
    expect(count('test-gc')).toBe(19)
    expect(events.map((e) => e.time)).toEqual(events.map((e) => e.time).sort((a, b) => a - b))
    expect(existsSync(join(run.outDir, 'workers'))).toBe(false)
  })
})

describe('the aroundEach fallback (trace ownership switched off)', () => {
  let fallback: VitestRun
  beforeAll(async () => {
    fallback = await runVitest('handles', ['concurrent.test.ts', 'leaks.test.ts'], {
      LEAKGUARD_TRACE_OWNERSHIP: 'off',
    })
  })

  test('says so, and still fails the leaking tests, concurrent ones told apart', () => {
    expect(fallback.output).toContain(
      'leakguard: vitest did not collect this file inside its `collect_spec` trace span',
    )
    expect(failedTests(fallback.json)).toEqual([
      'a timer opens and leaks',
      'abandons an open still in flight',
      'concurrent A leaks while B runs',
      'forgets to close',
      'leaks through a helper',
    ])
  })

  test('its stated gap: the beforeAll leak has no owner and is not reported', () => {
    expect(fallback.report.scopes.filter((scope) => scope.scope === 'suite')).toEqual([])
  })
})

describe('worker-scoped fixtures without isolation (isolate: false)', () => {
  let shared: VitestRun
  beforeAll(async () => {
    shared = await runVitest('handles', ['worker-fixtures.test.ts', '--no-isolate'])
  })

  test('the worker keeps its fixtures for later files, so nothing fails at file end', () => {
    expect(shared.exitCode).toBe(0)
    expect(failedTests(shared.json)).toEqual([])
    expect(shared.report.scopes).toEqual([])
  })

  test('what is still open when the worker exits is printed, naming the file and open site', () => {
    expect(shared.output).toContain(
      'leakguard: Test file worker-fixtures.test.ts (module scope, file or worker fixtures) left 1 handle open when it ended:',
    )
    expect(shared.output).toContain(
      `opened at ${site('worker-fixtures.test.ts', "await makeStore('worker-fixture-no-teardown')")}`,
    )
    expect(shared.output).toContain(
      'note: still open when the worker exited and its worker-scoped fixtures had torn down (isolate: false, so no test could fail for it)',
    )
    expect(shared.output).not.toMatch(/worker-fixture-\d+\.zarr/)
  })
})
