/**
 * The dataset layer: an xarray-like Dataset over Zarr v2/v3 stores on disk, built on
 * zarrita. Every open Dataset is tracked in `handles` until it is closed.
 */
export { createDataset } from './create.js'
export { Dataset, DEFAULT_CACHE_BYTES } from './dataset.js'
export {
  DatasetClosed,
  DatasetCorrupt,
  DatasetDtypeMismatch,
  DatasetError,
  type DatasetErrorByTag,
  type DatasetErrorTag,
  DatasetExists,
  DatasetInvalidSpec,
  DatasetNotFound,
  DatasetNotZarr,
  DatasetSelectionOutOfRange,
  DatasetShapeMismatch,
  DatasetUnknownDim,
  DatasetUnknownVariable,
  DatasetUnsupported,
  isDatasetError,
} from './errors.js'
export { openDataset } from './open.js'
export { MAX_CHUNK_IO, MAX_METADATA_IO } from './queue.js'
export type {
  CodecSpec,
  CoordInfo,
  CoordSpec,
  DatasetSpec,
  DType,
  OpenOptions,
  ReadResult,
  Selection,
  SliceSpec,
  TypedArray,
  VariableInfo,
  VariableSpec,
} from './spec.js'
