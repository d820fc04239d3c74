import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import workerThreads from 'node:worker_threads'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { HandleRegistry, TrackOptions } from '../../../src/handles/index.js'
import type { KindContext } from '../../../src/handles/kinds/kind.js'
import { workerKind } from '../../../src/handles/kinds/worker.js'
import {
  captureStackLazily,
  findOpenSite,
  KIND_STACK_LIMIT,
  type OpenSite,
} from '../../../src/handles/open-site.js'
import { lineOf as lineIn } from '../../support/line-of.js'
import { repoRoot } from './root-import.js'

const here = fileURLToPath(import.meta.url)

/** `line` (1-based) of the first line of this file containing `text`. */
const lineOf = (text: string): number => lineIn(here, text)

// As a library's `const { Worker } = require('worker_threads')` at its top level, before
// leakguard could wrap the export: Workers made from it reach the kind only through Node's
// `worker_threads` diagnostics channel.
const Taken = workerThreads.Worker
const SPIN = 'setInterval(() => {}, 1000)'

interface Tracked {
  readonly options: TrackOptions
  readonly stack: string
  readonly site: OpenSite | undefined
  released: boolean
}

/**
 * What the kind tells a registry, recorded. Not leakguard's shared registry: this suite
 * runs under leakguard, whose own `worker` kind tracks the same Workers into that one.
 */
const tracked = new Map<object, Tracked>()
const recorder = {
  track(resource: object, options: TrackOptions) {
    // Captured as the registry does: below `openedBy`, `KIND_STACK_LIMIT` frames.
    const stack = options.openedBy
      ? (captureStackLazily(options.openedBy, KIND_STACK_LIMIT).stack ?? '')
      : (captureStackLazily(recorder.track).stack ?? '')
    tracked.set(resource, { options, stack, site: findOpenSite(stack), released: false })
    return undefined
  },
  release(resource: object) {
    const entry = tracked.get(resource)
    if (entry) entry.released = true
    return entry !== undefined
  },
}
const context: KindContext = {
  registry: recorder as unknown as HandleRegistry,
  root: repoRoot,
  importFromRoot: async () => undefined,
}
const isOpen = (worker: workerThreads.Worker): boolean => {
  const entry = tracked.get(worker)
  const probe = entry?.options.isOpen as ((resource: object) => boolean) | undefined
  return entry !== undefined && !entry.released && (probe?.(worker) ?? true)
}

let uninstall: () => void
/** The export before this file's install (a runner's own leakguard may have wrapped it). */
let before: typeof workerThreads.Worker
beforeAll(async () => {
  before = workerThreads.Worker
  uninstall = await workerKind.install(context)
})
afterAll(() => uninstall())

const recordOf = (worker: workerThreads.Worker) => tracked.get(worker)

async function stop(worker: workerThreads.Worker): Promise<void> {
  const exited = once(worker, 'exit')
  await worker.terminate()
  await exited
}

test('a Worker from the wrapped export: labelled by its script, opened at the `new Worker` line', async () => {
  expect(workerThreads.Worker).not.toBe(Taken)
  const worker = new workerThreads.Worker(SPIN, { eval: true }) // site: wrapped
  const record = recordOf(worker)
  expect(record?.options).toMatchObject({ kind: 'worker', label: '[eval]' })
  expect(record?.site).toMatchObject({ file: here, line: lineOf('// site: wrapped') })
  // Below Node's constructor, as the other kinds below the function the user called: the
  // wrapper subclasses' frames (this install's, and the runner's own leakguard's), then this
  // line; none of the channel's or Node's frames.
  const frames = record?.stack.split('\n').slice(1) ?? []
  const user = frames.findIndex((frame) => frame.includes(`${here}:${lineOf('// site: wrapped')}:`))
  expect(user).toBeGreaterThan(0)
  for (const frame of frames.slice(0, user))
    expect(frame).toMatch(/^ {4}at new Worker \((file:\/\/)?\//)
  expect(frames.length).toBeLessThanOrEqual(KIND_STACK_LIMIT)
  expect(record?.stack).not.toMatch(/diagnostics_channel|node:internal\/worker/)
  expect(isOpen(worker)).toBe(true)
  await stop(worker)
  expect(isOpen(worker)).toBe(false)
})

test('a Worker from a constructor taken before the wrapper: still tracked, at its line, labelled by thread', async () => {
  const worker = new Taken(SPIN, { eval: true }) // site: taken
  const record = recordOf(worker)
  expect(record?.options).toMatchObject({ kind: 'worker', label: `thread ${worker.threadId}` })
  expect(record?.site).toMatchObject({ file: here, line: lineOf('// site: taken') })
  // Node's constructor was called directly: this line is the first frame.
  expect(record?.stack.split('\n')[1]).toContain(`${here}:${lineOf('// site: taken')}:`)
  expect(isOpen(worker)).toBe(true)
  await stop(worker)
  expect(isOpen(worker)).toBe(false)
})

test('terminate() counts as closed at once, from either constructor', async () => {
  const wrapped = new workerThreads.Worker(SPIN, { eval: true })
  const taken = new Taken(SPIN, { eval: true })
  expect([isOpen(wrapped), isOpen(taken)]).toEqual([true, true])
  const exited = [once(wrapped, 'exit'), once(taken, 'exit')]
  const stopping = [wrapped.terminate(), taken.terminate()]
  // Before either thread has exited (neither is released yet): `terminate()` was called.
  expect([recordOf(wrapped)?.released, recordOf(taken)?.released]).toEqual([false, false])
  expect([isOpen(wrapped), isOpen(taken)]).toEqual([false, false])
  await Promise.all([...stopping, ...exited])
})

test('a constructor that throws leaves no label behind for the next Worker', async () => {
  const badFlag = { eval: true, execArgv: ['--no-such-flag'] }
  expect(() => new workerThreads.Worker(SPIN, badFlag)).toThrow(/--no-such-flag/)
  const worker = new Taken(SPIN, { eval: true })
  expect(recordOf(worker)?.options.label).toBe(`thread ${worker.threadId}`)
  await stop(worker)
})

test('uninstalling restores the export and stops tracking', async () => {
  uninstall()
  expect(workerThreads.Worker).toBe(before)
  const worker = new Taken(SPIN, { eval: true })
  expect(recordOf(worker)).toBeUndefined()
  await stop(worker)
  uninstall = await workerKind.install(context)
})
