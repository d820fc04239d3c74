import { describe, expect, test } from 'vitest'
import { isMemoryError, MemoryLimitError, MemoryLimitOptionError } from '../../fixtures/memory.js'
import { isLeakguardOptionsError, LeakguardOptionsError } from '../../plugin/options.js'
import { DatasetNotFound, isDatasetError } from '../../src/dataset/errors.js'
import { HeapSnapshotError, isHeapSnapshotError } from '../../src/memory/heap-snapshot/errors.js'
import {
  isMultisiteError,
  MultisiteCloseError,
  MultisiteOptionError,
  RealizationFailedError,
} from '../../src/multisite/errors.js'
import { isReportInputError, ReportInputError } from '../../src/report/errors.js'

// One convention for every error leakguard throws: a PascalCase `_tag` (the class name
// where a class is one failure), one guard per module that takes any number of tags and
// accepts nothing else, and the original error kept as `cause`.

type Guard = (error: unknown, ...tags: string[]) => boolean

const cause = new Error('ENOENT')
const cases: [string, Error, Guard, string, string | undefined][] = [
  [
    'dataset',
    new DatasetNotFound('no store', { path: '/x.zarr' }, cause),
    isDatasetError as Guard,
    'DatasetNotFound',
    'DatasetClosed',
  ],
  [
    'multisite',
    new RealizationFailedError(2, '/runs/ensemble', cause),
    isMultisiteError as Guard,
    'RealizationFailedError',
    'MultisiteOptionError',
  ],
  [
    'multisite (AggregateError)',
    new MultisiteCloseError([{ path: '/a.zarr', error: cause }]),
    isMultisiteError as Guard,
    'MultisiteCloseError',
    'RealizationFailedError',
  ],
  [
    'report',
    new ReportInputError('FileUnreadable', 'report.json', 'cannot read', { cause }),
    isReportInputError as Guard,
    'FileUnreadable',
    'InvalidJson',
  ],
  [
    'heap snapshot',
    new HeapSnapshotError('ReadFailed', 'stream failed', 10, { cause }),
    isHeapSnapshotError as Guard,
    'ReadFailed',
    'Malformed',
  ],
  [
    'memory fixture',
    new MemoryLimitError('over', 1, 2, 'peak'),
    isMemoryError as Guard,
    'MemoryLimitError',
    'MemoryLimitOptionError',
  ],
  [
    'plugin options',
    new LeakguardOptionsError('gc', 'yes', 'Expected `gc` to be true or false'),
    isLeakguardOptionsError as Guard,
    'LeakguardOptionsError',
    undefined,
  ],
]

describe.each(cases)('%s errors', (_module, error, guard, tag, otherTag) => {
  test('carry a PascalCase `_tag` that the guard matches', () => {
    expect((error as unknown as { _tag: string })._tag).toBe(tag)
    expect(tag).toMatch(/^[A-Z][A-Za-z]+$/)
    expect(guard(error)).toBe(true)
    expect(guard(error, tag)).toBe(true)
    if (otherTag !== undefined) {
      expect(guard(error, otherTag)).toBe(false)
      expect(guard(error, otherTag, tag)).toBe(true)
    }
  })

  test('the guard refuses other errors and plain objects that only look alike', () => {
    expect(guard(new Error(error.message))).toBe(false)
    expect(guard({ _tag: tag, name: error.name, message: error.message })).toBe(false)
    expect(guard(undefined)).toBe(false)
  })
})

test('a class that is one failure has its class name as tag and name', () => {
  for (const error of [
    new DatasetNotFound('x', { path: '/x' }),
    new MultisiteOptionError('n', 'an integer ≥ 1', 0),
    new MemoryLimitOptionError('x', 'limit', 'lots'),
    new LeakguardOptionsError('gc', 'yes', 'x'),
  ]) {
    expect(error._tag).toBe(error.constructor.name)
    expect(error.name).toBe(error.constructor.name)
  }
})

test('errors that wrap a failure keep it as `cause`', () => {
  const [dataset, realization, close, report, snapshot] = cases.map(([, error]) => error)
  for (const error of [dataset, realization, report, snapshot]) expect(error?.cause).toBe(cause)
  expect(((close as MultisiteCloseError).errors[0] as Error).cause).toBe(cause)
})
