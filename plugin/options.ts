import { resolve } from 'node:path'
import { closest } from 'fastest-levenshtein'
import { expectedMessage } from '../src/expected.js'
import { handleKindNames } from '../src/handles/kinds/index.js'
import { parseSize } from '../src/memory/size.js'
import { DEFAULT_TOLERANCE } from '../src/report/tolerance.js'

/** One allow-list entry: leaks it matches are reported with the reason, never failed. */
export interface AllowEntry {
  /** Matches the handle's kind exactly, e.g. `'dataset'`. */
  kind?: string
  /** Matches the label exactly, or as a `RegExp`. */
  label?: string | RegExp
  /** A glob on the open site `file:line` (file relative to the root), e.g. `'test/legacy/**'`. */
  openedAt?: string
  /** Why this leak is acceptable. Required: it is printed with every match. */
  reason: string
}

/** The gate's tolerance before a memory increase counts as a regression. */
export interface ToleranceOptions {
  /**
   * Allowed increase as a fraction of the baseline.
   * @default 0.1
   */
  relative?: number
  /**
   * An absolute floor below which differences never count, as a size or bytes.
   * @default '16 MB'
   */
  floor?: string | number
}

/** The options of `leakguard()`. Every key is optional. */
export interface LeakguardOptions {
  /**
   * What a leaked handle does to its test: fail it, print and record it, or only record memory.
   * @default 'fail'
   * @example leakguard({ onLeak: 'warn' })
   */
  onLeak?: 'fail' | 'warn' | 'off'
  /**
   * Where `report.json`, `memory.jsonl` and the worker logs go, relative to the vitest root.
   * @default '.leakguard'
   * @example leakguard({ outDir: 'reports/leakguard' })
   */
  outDir?: string
  /**
   * How `retainedHeap` is measured.
   * - `true`: a forced full GC before each test's heap readings, so `retainedHeap` is
   *   exactly what survives. Two full GCs per test (~18 ms each on an 18 MB heap, ~40 ms at
   *   51 MB): a 1,000-test suite ran 2.5× slower.
   * - `'auto'`: no GC for a test whose JS heap allocated at most the gate's floor: its
   *   retained heap cannot exceed that, recorded as a bound (`retainedMethod: 'bound'`).
   *   A test that allocated more gets a forced GC at its end, and at its start when the
   *   baseline says it allocates that much. The gate catches the same regressions as with
   *   `true`, at a fraction of the cost (BENCHMARKS.md).
   * - `false`: no forced GC; the gate does not compare retained heap.
   * @default 'auto' with `gate: true`, else false
   * @example leakguard({ gc: true })
   */
  gc?: boolean | 'auto'
  /**
   * Fail a test whose peak RSS rose by more than this above its start (status `over-limit`).
   * @default undefined (no limit)
   * @example leakguard({ memoryLimit: '2 GB' })
   */
  memoryLimit?: string | number
  /**
   * Leaks that are known and accepted; each entry needs a `reason`.
   * @default []
   * @example leakguard({ allow: [{ kind: 'dataset', openedAt: 'test/legacy/**', reason: 'closed by the OS at exit' }] })
   */
  allow?: AllowEntry[]
  /**
   * The baseline file the gate compares with, relative to the root.
   * @default 'leakguard.baseline.json'
   * @example leakguard({ baseline: 'ci/memory-baseline.json' })
   */
  baseline?: string
  /**
   * How much more memory than the baseline still passes the gate.
   * @default { relative: 0.1, floor: '16 MB' }
   * @example leakguard({ tolerance: { relative: 0.2 } })
   */
  tolerance?: ToleranceOptions
  /**
   * Run the baseline gate at the end of the run and fail it on regressions.
   * @default false
   * @example leakguard({ gate: true })
   */
  gate?: boolean
  /**
   * When to take heap diffs (what a test kept, by constructor). `'on-failure'`: after the
   * run, rerun once the files of tests that failed `memory.limitRetainedMemory` or the gate's
   * retained check, with snapshots around those tests (at most 5, only when 12× the JS
   * heap fits in free memory). `'always'`: two snapshots around every test, in the run
   * itself; each takes ~300 ms on a small heap, ~5 s at a 50 MB heap of small objects, and
   * peak RSS rises by ~10× the JS heap. `'off'`: never.
   * @default 'on-failure'
   * @example leakguard({ heapDiff: 'off' })
   */
  heapDiff?: 'on-failure' | 'always' | 'off'
  /**
   * Event-loop turns to wait for handles still closing before calling them leaked.
   * @default 3
   * @example leakguard({ settleTurns: 10 })
   */
  settleTurns?: number
  /**
   * The handle kinds tracked without a change to the tests: `file` (`fs.promises.open`),
   * `fd` (`fs.open`/`openSync`), `stream` (`createReadStream`/`createWriteStream`),
   * `watcher`, `server`, `child-process`, `worker`, `socket` (client connections),
   * `dgram` (bound UDP sockets), `interval` (`setInterval`), and library kinds whose
   * package the project has. Datasets opened through leakguard are always tracked;
   * `handles.track` covers anything else. `[]` tracks no automatic kind.
   * @default every kind
   * @example leakguard({ track: ['file', 'server'] })
   */
  track?: string[]
}

/** An allow-list entry as the worker receives it (serialisable: RegExp labels as source). */
export interface ResolvedAllowEntry {
  kind: string | undefined
  label: string | undefined
  labelPattern: string | undefined
  openedAt: string | undefined
  reason: string
}

/** Every option filled in, sizes in bytes, paths absolute. Resolved once at config time. */
export interface ResolvedOptions {
  onLeak: 'fail' | 'warn' | 'off'
  /** Absolute. */
  outDir: string
  gc: boolean | 'auto'
  /** Bytes, or `null` for no limit. */
  memoryLimit: number | null
  allow: ResolvedAllowEntry[]
  /** Absolute. */
  baseline: string
  tolerance: { relative: number; floorBytes: number }
  gate: boolean
  heapDiff: 'on-failure' | 'always' | 'off'
  settleTurns: number
  /** The automatic handle kinds to install in each worker, by name. */
  track: string[]
  /** The vitest root the paths were resolved against. */
  root: string
}

/** A bad option, caught when vitest loads its config. */
export class LeakguardOptionsError extends Error {
  override readonly name = 'LeakguardOptionsError'
  /** Its class name, as every leakguard error's `_tag`; what `isLeakguardOptionsError` checks. */
  readonly _tag = 'LeakguardOptionsError'
  constructor(
    /** The option's path, e.g. `tolerance.floor`. */
    readonly option: string,
    /** What was given. */
    readonly received: unknown,
    message: string,
  ) {
    super(message)
  }
}

/**
 * True when `error` is a `LeakguardOptionsError`. It checks the tag, not the class: vitest
 * may load the plugin's module twice (config bundle and runtime), and an error from one
 * copy must still be recognised by the other.
 */
export function isLeakguardOptionsError(error: unknown): error is LeakguardOptionsError {
  return error instanceof Error && (error as { _tag?: unknown })._tag === 'LeakguardOptionsError'
}

const KEYS: readonly (keyof LeakguardOptions)[] = [
  'onLeak',
  'outDir',
  'gc',
  'memoryLimit',
  'allow',
  'baseline',
  'tolerance',
  'gate',
  'heapDiff',
  'settleTurns',
  'track',
]

function fail(option: string, expected: string, received: unknown): never {
  throw new LeakguardOptionsError(option, received, expectedMessage(option, expected, received))
}

function oneOf<T extends string>(option: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T
  return fail(option, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value)
}

function text(option: string, value: unknown): string {
  if (typeof value === 'string' && value.length > 0) return value
  return fail(option, 'a non-empty string', value)
}

function size(option: string, value: unknown): number {
  return parseSize(value) ?? fail(option, "a size like '512 MB'", value)
}

/**
 * Refuses a key not in `known`, naming the closest known one: a typo such as
 * `tolerance.flor` must not silently fall back to the default.
 */
function rejectUnknownKeys(
  prefix: string,
  object: Record<string, unknown>,
  known: readonly string[],
): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue
    throw new LeakguardOptionsError(
      `${prefix}${key}`,
      object[key],
      `Unknown option \`${prefix}${key}\`, did you mean \`${prefix}${closest(key, [...known])}\`?`,
    )
  }
}

function allowEntry(index: number, value: unknown): ResolvedAllowEntry {
  const at = `allow[${index}]`
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(at, 'an object with a `reason`', value)
  }
  const entry = value as Record<string, unknown>
  rejectUnknownKeys(`${at}.`, entry, ['kind', 'label', 'openedAt', 'reason'])
  const label = entry.label
  if (label !== undefined && typeof label !== 'string' && !(label instanceof RegExp)) {
    fail(`${at}.label`, 'a string or a RegExp', label)
  }
  return {
    kind: entry.kind === undefined ? undefined : text(`${at}.kind`, entry.kind),
    label: typeof label === 'string' ? label : undefined,
    labelPattern: label instanceof RegExp ? label.source : undefined,
    openedAt: entry.openedAt === undefined ? undefined : text(`${at}.openedAt`, entry.openedAt),
    // A reason of only spaces is no reason: it is printed with every match.
    reason:
      typeof entry.reason === 'string' && entry.reason.trim() === ''
        ? fail(`${at}.reason`, 'a non-empty string', entry.reason)
        : text(`${at}.reason`, entry.reason),
  }
}

function trackedKinds(value: unknown): string[] {
  if (value === undefined) return [...handleKindNames]
  const expected = `an array of kind names (${handleKindNames.map((n) => `'${n}'`).join(', ')})`
  if (!Array.isArray(value)) return fail('track', expected, value)
  return value.map((name: unknown, index: number) => {
    if (typeof name !== 'string') return fail(`track[${index}]`, expected, name)
    if (handleKindNames.includes(name)) return name
    throw new LeakguardOptionsError(
      `track[${index}]`,
      name,
      `Unknown handle kind \`${name}\` in \`track\`, did you mean \`${closest(name, [...handleKindNames])}\`?`,
    )
  })
}

/**
 * Checks the user's options and fills in every default. Throws a `LeakguardOptionsError`
 * on the first bad key, with the message shape
 * ``Expected `memoryLimit` to be a size like '512 MB', got `-3` (number)``.
 *
 * @param root - the vitest root that relative paths are resolved against
 */
export function resolveOptions(input: unknown, root: string): ResolvedOptions {
  if (input === undefined) input = {}
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail('options', 'an object', input)
  }
  const options = input as Record<string, unknown>
  rejectUnknownKeys('', options, KEYS)
  const tolerance = options.tolerance ?? {}
  if (typeof tolerance !== 'object' || tolerance === null) {
    fail('tolerance', 'an object like { relative: 0.1 }', tolerance)
  }
  rejectUnknownKeys('tolerance.', tolerance as Record<string, unknown>, ['relative', 'floor'])
  const { relative = DEFAULT_TOLERANCE.relative, floor = DEFAULT_TOLERANCE.floorBytes } =
    tolerance as Record<string, unknown>
  if (typeof relative !== 'number' || !(relative >= 0)) {
    fail('tolerance.relative', 'a fraction ≥ 0 like 0.1', relative)
  }
  const settle = options.settleTurns ?? 3
  if (typeof settle !== 'number' || !Number.isInteger(settle) || settle < 0 || settle > 1000) {
    fail('settleTurns', 'an integer from 0 to 1000', settle)
  }
  const allow = options.allow ?? []
  if (!Array.isArray(allow))
    fail('allow', 'an array of { reason, kind?, label?, openedAt? }', allow)
  const bool = (key: string, fallback: boolean): boolean => {
    const value = options[key] ?? fallback
    return typeof value === 'boolean' ? value : fail(key, 'true or false', value)
  }
  return {
    onLeak: oneOf('onLeak', options.onLeak ?? 'fail', ['fail', 'warn', 'off']),
    outDir: resolve(root, text('outDir', options.outDir ?? '.leakguard')),
    gc:
      options.gc === 'auto'
        ? 'auto'
        : typeof options.gc === 'boolean' || options.gc === undefined
          ? (options.gc ?? (options.gate === true ? 'auto' : false))
          : fail('gc', "true, false or 'auto'", options.gc),
    memoryLimit:
      options.memoryLimit === undefined ? null : size('memoryLimit', options.memoryLimit),
    allow: allow.map((entry: unknown, index: number) => allowEntry(index, entry)),
    baseline: resolve(root, text('baseline', options.baseline ?? 'leakguard.baseline.json')),
    tolerance: { relative: relative as number, floorBytes: size('tolerance.floor', floor) },
    gate: bool('gate', false),
    heapDiff: oneOf('heapDiff', options.heapDiff ?? 'on-failure', ['on-failure', 'always', 'off']),
    settleTurns: settle as number,
    track: trackedKinds(options.track),
    root,
  }
}
