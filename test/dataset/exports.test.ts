import { expect, test } from 'vitest'
import * as dataset from '../../src/dataset/index.js'
import * as library from '../../src/index.js'

test('the dataset layer exports exactly this runtime API, also from the package entry', () => {
  expect(Object.keys(dataset).sort()).toEqual([
    'DEFAULT_CACHE_BYTES',
    'Dataset',
    'DatasetClosed',
    'DatasetCorrupt',
    'DatasetDtypeMismatch',
    'DatasetError',
    'DatasetExists',
    'DatasetInvalidSpec',
    'DatasetNotFound',
    'DatasetNotZarr',
    'DatasetSelectionOutOfRange',
    'DatasetShapeMismatch',
    'DatasetUnknownDim',
    'DatasetUnknownVariable',
    'DatasetUnsupported',
    'MAX_CHUNK_IO',
    'MAX_METADATA_IO',
    'createDataset',
    'isDatasetError',
    'openDataset',
  ])
  for (const name of Object.keys(dataset)) expect(library).toHaveProperty(name)
})
