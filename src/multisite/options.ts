import { availableParallelism } from 'node:os'
import type { CodecSpec } from '../dataset/index.js'
import { INCOMPLETE_SUFFIX } from './ensemble-runner.js'
import type { EnsembleDType } from './ensemble-stores.js'
import { MultisiteOptionError } from './errors.js'
import type { FitOptions } from './model.js'

/** Options of `new Multisite()`: how the marginals are fitted, and where ensembles go. */
export interface MultisiteOptions extends FitOptions {
  /**
   * The `root` of `simulateEnsemble()` when its options give none (the `multisite`
   * fixture sets it to the test's `workdir`). An explicit `root` wins.
   */
  readonly root?: string
}

/** Options of `Multisite.simulate()`. */
export interface SimulateOptions {
  /** Seed; `simulate({ seed })` equals realization 0 of an ensemble with that seed. @default 0 */
  readonly seed?: number
  /** Days to simulate; longer than the record concatenates blocks. @default record length */
  readonly days?: number
}

/** Options of `Multisite.simulateEnsemble()`. */
export interface EnsembleOptions extends SimulateOptions {
  /** Directory the ensemble directory is created in. @default the Multisite's `root` option */
  readonly root?: string
  /** Name of the ensemble directory under `root`; must not exist yet. @default 'ensemble' */
  readonly name?: string
  /** Hourly `ensemble` plus daily `ensembleDaily`; else one daily store for both. @default false */
  readonly disaggregate?: boolean
  /** Worker threads. @default min(2, available cores) */
  readonly workers?: number
  /** @default 3 */
  readonly zarrFormat?: 2 | 3
  /** Stored element type. Weather values carry < 7 significant digits. @default 'float32' */
  readonly dtype?: EnsembleDType
  /** Chunk compression. @default 'none' */
  readonly codec?: CodecSpec
  /**
   * Test hook, not for production: realization `k` throws inside its worker after
   * simulating, to exercise failure handling end to end.
   */
  readonly testOnlyFailRealization?: number
}

/** {@link EnsembleOptions} with every default filled in. */
export interface ResolvedEnsembleOptions {
  readonly n: number
  readonly root: string
  readonly name: string
  readonly disaggregate: boolean
  readonly workers: number
  readonly seed: number
  readonly days: number
  readonly zarrFormat: 2 | 3
  readonly dtype: EnsembleDType
  readonly codec: CodecSpec
  readonly failRealization: number | undefined
}

function integerAtLeast(option: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new MultisiteOptionError(option, `an integer ≥ ${min}`, value)
  }
  return value
}

/** Checks and fills the options of `simulate()`. */
export function resolveSimulateOptions(
  options: SimulateOptions,
  recordDays: number,
): { seed: number; days: number } {
  return {
    seed: integerAtLeast('seed', options.seed ?? 0, 0),
    days: integerAtLeast('days', options.days ?? recordDays, 1),
  }
}

/** Checks and fills the options of `simulateEnsemble()`. */
export function resolveEnsembleOptions(
  n: unknown,
  options: EnsembleOptions,
  recordDays: number,
): ResolvedEnsembleOptions {
  const count = integerAtLeast('n', n, 1)
  if (typeof options.root !== 'string' || options.root === '') {
    throw new MultisiteOptionError('root', 'a directory path', options.root)
  }
  const name = options.name ?? 'ensemble'
  if (!/^[\w.-]+$/.test(name) || name.endsWith(INCOMPLETE_SUFFIX) || /^\.+$/.test(name)) {
    throw new MultisiteOptionError(
      'name',
      `a plain directory name (letters, digits, '_', '-', '.', not ending in ${INCOMPLETE_SUFFIX})`,
      name,
    )
  }
  const zarrFormat = options.zarrFormat ?? 3
  if (zarrFormat !== 2 && zarrFormat !== 3) {
    throw new MultisiteOptionError('zarrFormat', '2 or 3', zarrFormat)
  }
  const dtype = options.dtype ?? 'float32'
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new MultisiteOptionError('dtype', "'float32' or 'float64'", dtype)
  }
  const fail = options.testOnlyFailRealization
  return {
    n: count,
    root: options.root,
    name,
    disaggregate: options.disaggregate ?? false,
    workers: integerAtLeast('workers', options.workers ?? Math.min(2, availableParallelism()), 1),
    ...resolveSimulateOptions(options, recordDays),
    zarrFormat,
    dtype,
    codec: options.codec ?? 'none',
    failRealization:
      fail === undefined ? undefined : integerAtLeast('testOnlyFailRealization', fail, 0),
  }
}
