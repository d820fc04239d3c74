import { beforeAll, describe, expect, test } from 'vitest'
import type { LeakEntry } from '../../src/report/model.js'
import { failedTests, runVitest, siteOf, type VitestRun } from './run-vitest.js'

// test/e2e/projects/kinds opens every built-in kind, leaking in one test and closing in its
// twin. It is run once per pool, the vm pools included (each test file a new realm), and
// every assertion reads those four runs.
const pools = ['forks', 'threads', 'vmThreads', 'vmForks'] as const
const isVmPool = (pool: string) => pool.startsWith('vm')
const runs = new Map<string, VitestRun>()
beforeAll(async () => {
  for (const pool of pools) runs.set(pool, await runVitest('kinds', [`--pool=${pool}`]))
}, 480_000)

const site = (file: string, text: string) => siteOf('kinds', file, text)

/** Each leaking test, the kind it leaks, its label, the open site's text and the Fix line. */
const leaking = [
  [
    'file > file leaks',
    'file',
    'fixture.txt (r)',
    ['leaks.test.ts', 'open(fixture)'],
    'await fh.close()',
  ],
  [
    'fd > fd leaks',
    'fd',
    /^fixture\.txt \(fd \d+\)$/,
    ['leaks.test.ts', "openSync(fixture, 'r')"],
    'fs.closeSync(fd)',
  ],
  [
    'fd > fd leaks one helper call away',
    'fd',
    /^fixture\.txt \(fd \d+\)$/,
    ['helper.ts', "openSync(path, 'r')"],
    'fs.closeSync(fd)',
  ],
  [
    'fd > fd through CommonJS require leaks',
    'fd',
    /^fixture\.txt \(fd \d+\)$/,
    ['leaks.test.ts', 'required.openSync('],
    'fs.closeSync(fd)',
  ],
  [
    'stream > stream leaks',
    'stream',
    'fixture.txt',
    ['leaks.test.ts', 'createReadStream(fixture)'],
    'stream.destroy()',
  ],
  [
    'watcher > watcher leaks',
    'watcher',
    '.',
    ['leaks.test.ts', 'watch(import.meta.dirname)'],
    'watcher.close()',
  ],
  [
    'server > server leaks',
    'server',
    /^127\.0\.0\.1:\d+$/,
    ['leaks.test.ts', "listen(0, '127.0.0.1')"],
    'server.close()',
  ],
  [
    'child-process > child-process leaks',
    'child-process',
    /-e setTimeout\(\(\) => \{\}, 30000\) \(pid \d+\)$/,
    ['leaks.test.ts', 'spawn(process.execPath'],
    'child.kill()',
  ],
  [
    'worker > worker leaks',
    'worker',
    '[eval]',
    ['leaks.test.ts', 'new Worker('],
    'worker.terminate()',
  ],
  [
    'socket > socket leaks',
    'socket',
    /^127\.0\.0\.1:\d+$/,
    ['leaks.test.ts', "createConnection(port, '127.0.0.1')"],
    'socket.destroy()',
  ],
  [
    'interval > interval leaks',
    'interval',
    'poll every 1000 ms',
    ['leaks.test.ts', 'setInterval(function poll'],
    'clearInterval(id)',
  ],
  [
    'interval > interval from node:timers leaks although unref()ed',
    'interval',
    'anonymous every 50 ms',
    ['leaks.test.ts', 'timersInterval(() => {}, 50)'],
    'clearInterval(id)',
  ],
  [
    'interval > interval iterator from timers/promises left running leaks',
    'interval',
    'timers/promises every 50 ms',
    ['leaks.test.ts', 'await ticks.next()'],
    'iterator.return()',
  ],
  [
    'dgram > dgram leaks',
    'dgram',
    /^udp4 127\.0\.0\.1:\d+$/,
    ['leaks.test.ts', "socket.bind(0, '127.0.0.1')"],
    'socket.close()',
  ],
  [
    'dgram > dgram bound by send leaks',
    'dgram',
    /^udp4 0\.0\.0\.0:\d+$/,
    ['leaks.test.ts', "socket.send('ping', 9, '127.0.0.1', done)"],
    'socket.close()',
  ],
  [
    'library > library opens a file that leaks',
    'file',
    /lib\.log \(a\)$/,
    ['leaks.test.ts', 'openLog('],
    'await fh.close()',
  ],
  [
    'concurrent A leaks while B runs',
    'file',
    'fixture.txt (r)',
    ['concurrent.test.ts', 'open(fixture)'],
    'await fh.close()',
  ],
] as const

/** Dropped without close: the collector closes it (DEP0137), with the project's `gc: true`. */
const dropped = 'file > file dropped without close'

/**
 * `using` and `await using` on Node's own objects: in a vm realm on Node 20 and 22 there is
 * no `Symbol.dispose`/`asyncDispose` that Node's objects answer to, so vitest's lowered
 * `using` throws and the handle really stays open (README, vm pools). Each as in `leaking`,
 * with the state of its leak there, and nothing in forks/threads.
 */
const usingInVm = [
  [
    'file > file closes with await using',
    'file',
    'fixture.txt (r)',
    ['leaks.test.ts', 'await using fh = await open(fixture)'],
    'await fh.close()',
    // Held by nothing once `using` threw: collected, as `dropped` is.
    'collected-while-open',
  ],
  [
    'interval > interval cleared with using',
    'interval',
    'anonymous every 10 ms',
    ['leaks.test.ts', 'using _timer = setInterval('],
    'clearInterval(id)',
    'open',
  ],
] as const

/** `file:line` of a `file:line:column` site: some sites point into the line. */
const fileLine = (site: string) => site.split(':').slice(0, 2).join(':')

describe.each(pools)('kinds project on the %s pool', (pool) => {
  const run = () => runs.get(pool) as VitestRun
  const leaksOf = (name: string): LeakEntry[] => {
    const found = run().report.tests.find((entry) => entry.name === name)
    if (!found) throw new Error(`no test ${name} in report.json`)
    return found.leaks
  }

  test('exits 1 and fails exactly the leaking tests; every clean twin passes', () => {
    expect(run().exitCode).toBe(1)
    const expected = [...leaking.map(([name]) => name), dropped]
    if (isVmPool(pool)) expected.push(...usingInVm.map(([name]) => name))
    expect(failedTests(run().json)).toEqual(
      expected.map((name) => name.split(' > ').join(' ')).sort(),
    )
  })

  test('`using` on Node objects: closes in forks/threads; in vm pools it throws, and the handle is reported', () => {
    for (const [name, kind, label, opened, fix, state] of usingInVm) {
      if (!isVmPool(pool)) {
        expect(leaksOf(name), name).toEqual([])
        continue
      }
      expectReported(name, kind, label, opened, fix, state)
      const failure = run()
        .json.testResults.flatMap((file) => file.assertionResults)
        .find((test) => test.fullName === name.split(' > ').join(' '))
      expect(failure?.failureMessages.join('\n')).toContain('TypeError: Object is not disposable.')
    }
  })

  test('a FileHandle dropped without close (DEP0137) is reported collected-while-open against its test', () => {
    const leaks = leaksOf(dropped)
    expect(leaks.map((leak) => [leak.kind, leak.label, leak.state])).toEqual([
      ['file', 'fixture.txt (r+)', 'collected-while-open'],
    ])
    const [leak] = leaks as [LeakEntry]
    expect(fileLine(leak.openedAt)).toBe(fileLine(site('leaks.test.ts', "open(fixture, 'r+')")))
    expect(run().output).toContain(
      `Test "${dropped}" (leaks.test.ts) left 1 handle open after its teardown:`,
    )
    expect(run().output).toContain(
      `  - file "fixture.txt (r+)" (${leak.id}) was garbage-collected without close(), opened at ${leak.openedAt}`,
    )
  })

  /**
   * The one leak of `name` as report.json holds it and as the user reads it: kind, label, the
   * open site and its source line, the test's header, the handle's line and the Fix.
   */
  const expectReported = (
    name: string,
    kind: string,
    label: string | RegExp,
    [file, text]: readonly [string, string],
    fix: string,
    state: LeakEntry['state'] = 'open',
  ) => {
    const leaks = leaksOf(name)
    expect(leaks).toHaveLength(1)
    const [leak] = leaks as [LeakEntry]
    expect([leak.kind, leak.state]).toEqual([kind, state])
    if (typeof label === 'string') expect(leak.label).toBe(label)
    else expect(leak.label).toMatch(label)
    expect(fileLine(leak.openedAt)).toBe(fileLine(site(file, text)))
    expect(leak.sourceLine).toContain(text)
    expect(leak.fix).toContain(fix)
    expect(run().output).toContain(
      `Test "${name}" (${name.startsWith('concurrent') ? 'concurrent' : 'leaks'}.test.ts) left 1 handle open after its teardown:`,
    )
    expect(run().output).toContain(
      `  - ${kind} "${leak.label}" (${leak.id}) ${state === 'open' ? '' : 'was garbage-collected without close(), '}opened at ${leak.openedAt}`,
    )
    expect(run().output).toContain(`      ${leak.sourceLine}`)
    expect(run().output).toMatch(new RegExp(`^Fix: .*${fix.replace(/[().]/g, '\\$&')}`, 'm'))
  }

  test.each(leaking)('%s: kind, label, open site, source line and Fix', expectReported)

  test('a library open names the first frame outside node_modules, library frames in the stack', () => {
    const [leak] = leaksOf('library > library opens a file that leaks')
    expect(leak?.stack).toMatch(/node_modules\/tiny-lib\/index\.js:\d+:\d+/)
  })

  test('the stream reports one handle, not its internal fd too', () => {
    expect(leaksOf('stream > stream leaks').map((leak) => leak.kind)).toEqual(['stream'])
  })

  test('a beforeAll server left open fails its suite; one closed in afterAll does not', () => {
    const scopes = run().report.scopes
    expect(scopes.map((scope) => `${scope.scope} ${scope.name}`)).toEqual([
      'suite suite that forgets its server',
    ])
    const [leak] = scopes[0]?.leaks ?? []
    expect(leak?.kind).toBe('server')
    expect(fileLine(leak?.openedAt ?? '')).toBe(fileLine(site('suite.test.ts', 'listen(0')))
    expect(run().output).toContain(
      'Suite "suite that forgets its server" (suite.test.ts) left 1 handle open when it ended:',
    )
  })

  test('no false alarm from whole-file helpers, afterEach, ended streams, exited children', () => {
    for (const name of [
      'no false alarms > whole-file helpers open and close inside',
      'no false alarms > a descriptor closed in afterEach',
      'stream > stream ends',
      'child-process > child-process exits',
      'worker > worker terminates',
      'server > server closes without awaiting the callback',
      'watcher > watcher closes',
      'concurrent B closes its own',
      'socket > socket closes, ends, or is pooled',
      'socket > a socket closed in afterEach',
      'interval > interval cleared, every way',
      'interval > an interval cleared in afterEach',
      'file > file closes',
      'fd > fd closes',
      'dgram > dgram closes, or is never bound',
    ]) {
      expect(leaksOf(name), name).toEqual([])
    }
  })
})
