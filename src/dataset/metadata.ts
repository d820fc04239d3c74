import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import FileSystemStore from '@zarrita/storage/fs'
import * as zarr from 'zarrita'
import { isDType } from './dtype.js'
import { DatasetCorrupt, DatasetNotFound, DatasetNotZarr } from './errors.js'
import type { CoordInfo } from './spec.js'

/** One array of the store, opened with zarrita. */
export interface StoredArray {
  readonly info: CoordInfo
  readonly array: zarr.Array<zarr.DataType, FileSystemStore>
  /** The chunk file of `coords`, relative to the store root (for messages). */
  readonly chunkFile: (coords: readonly number[]) => string
}

/** Everything read from a store's metadata. */
export interface StoreLayout {
  readonly path: string
  readonly zarrFormat: 2 | 3
  readonly store: FileSystemStore
  readonly attrs: Record<string, unknown>
  readonly dims: Record<string, number>
  readonly variables: Map<string, StoredArray>
  readonly coords: Map<string, StoredArray>
  /** Arrays this layer cannot read (e.g. int64), by name, with the reason. */
  readonly unsupported: Map<string, string>
  /**
   * Directories under the root that hold files but no array or group metadata, by name,
   * with the metadata file they lack: a variable whose metadata was lost. Reading one is a
   * `DatasetCorrupt` naming that file, not an "unknown variable".
   */
  readonly missingMetadata: Map<string, string>
}

/** Attribute keys that are format bookkeeping, not user attributes. */
const BOOKKEEPING_ATTRS = ['_ARRAY_DIMENSIONS', 'coordinates']

type Json = Record<string, unknown>

async function readJson(path: string, file: string): Promise<Json | undefined> {
  let text: string
  try {
    text = await readFile(join(path, file), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json
    throw new Error('not a JSON object')
  } catch (cause) {
    throw new DatasetCorrupt(
      `Metadata file ${file} in ${path} is not valid JSON: ${(cause as Error).message}`,
      { path },
      cause,
    )
  }
}

async function detectFormat(path: string): Promise<{ format: 2 | 3; attrs: Json }> {
  let isDirectory: boolean
  try {
    isDirectory = (await stat(path)).isDirectory()
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') throw cause
    throw new DatasetNotFound(`No dataset at ${path}: the path does not exist.`, { path }, cause)
  }
  if (!isDirectory) {
    throw new DatasetNotZarr(`${path} is a file, not a Zarr store directory.`, { path })
  }
  const v3 = await readJson(path, 'zarr.json')
  if (v3) {
    if (v3.node_type !== 'group') {
      const kind = String(v3.node_type)
      throw new DatasetNotZarr(
        `${path} holds a Zarr ${kind}, not a group; a dataset is a group of arrays.`,
        { path },
      )
    }
    return { format: 3, attrs: (v3.attributes as Json | undefined) ?? {} }
  }
  if (await readJson(path, '.zgroup')) {
    return { format: 2, attrs: (await readJson(path, '.zattrs')) ?? {} }
  }
  throw new DatasetNotZarr(
    `${path} is not a Zarr store: it has neither zarr.json (v3) nor .zgroup (v2).`,
    { path },
  )
}

function chunkFileFor(
  name: string,
  format: 2 | 3,
  raw: Json,
): (coords: readonly number[]) => string {
  if (format === 2) {
    const sep = typeof raw.dimension_separator === 'string' ? raw.dimension_separator : '.'
    return (coords) => `${name}/${coords.join(sep) || '0'}`
  }
  const encoding = (raw.chunk_key_encoding ?? {}) as { name?: string; configuration?: Json }
  const configured = encoding.configuration?.separator
  if (encoding.name === 'v2') {
    const sep = typeof configured === 'string' ? configured : '.'
    return (coords) => `${name}/${coords.join(sep) || '0'}`
  }
  const sep = typeof configured === 'string' ? configured : '/'
  return (coords) => `${name}/${['c', ...coords].join(sep)}`
}

function userAttrs(attrs: Json): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attrs).filter(([k]) => !BOOKKEEPING_ATTRS.includes(k)))
}

function isStringType(dtype: string): boolean {
  return dtype === 'string' || dtype === 'v2:object' || /^v2:[US]\d+$/.test(dtype)
}

function coordinateNames(attrs: Json): string[] {
  return typeof attrs.coordinates === 'string' ? attrs.coordinates.split(/\s+/).filter(Boolean) : []
}

/**
 * Reads a store's layout: format, dataset attrs, and every array directly under the
 * root, opened with zarrita (which reads both formats). Arrays are classified the xarray
 * way: a 1-D array named after its dim, or one listed in a `coordinates` attribute, is a
 * coordinate; the rest are data variables.
 *
 * @throws DatasetNotFound, DatasetNotZarr, DatasetCorrupt
 */
export async function readLayout(path: string): Promise<StoreLayout> {
  const { format, attrs } = await detectFormat(path)
  const store = new FileSystemStore(path)
  const root = zarr.root(store)
  const entries = (await readdir(path, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
  const dims: Record<string, number> = {}
  const arrays = new Map<string, StoredArray>()
  const unsupported = new Map<string, string>()
  const missingMetadata = new Map<string, string>()
  const coordNames = new Set(coordinateNames(attrs))

  for (const name of entries) {
    const metadataFile = format === 3 ? 'zarr.json' : '.zarray'
    const raw = await readJson(join(path, name), metadataFile)
    if (!raw) {
      const isGroup = format === 2 && (await readJson(join(path, name), '.zgroup'))
      const hasFiles = (await readdir(join(path, name))).length > 0
      if (!isGroup && hasFiles) missingMetadata.set(name, metadataFile)
      continue
    }
    if (format === 3 && raw.node_type !== 'array') continue
    let array: zarr.Array<zarr.DataType, FileSystemStore>
    try {
      array =
        format === 3
          ? await zarr.open.v3(root.resolve(name), { kind: 'array' })
          : await zarr.open.v2(root.resolve(name), { kind: 'array', attrs: true })
    } catch (cause) {
      throw new DatasetCorrupt(
        `Array '${name}' in ${path} has metadata zarrita cannot read: ${(cause as Error).message}`,
        { path, variable: name },
        cause,
      )
    }
    const arrayAttrs = (array.attrs ?? {}) as Json
    for (const c of coordinateNames(arrayAttrs)) coordNames.add(c)
    const arrayDims = array.dimensionNames ?? array.shape.map((_, i) => `${name}_dim_${i}`)
    if (arrayDims.length !== array.shape.length) {
      throw new DatasetCorrupt(
        `Array '${name}' in ${path} names ${arrayDims.length} dims for ${array.shape.length} axes.`,
        { path, variable: name },
      )
    }
    arrayDims.forEach((dim, axis) => {
      const length = array.shape[axis] ?? 0
      const known = dims[dim]
      if (known !== undefined && known !== length) {
        throw new DatasetCorrupt(
          `Dimension '${dim}' has length ${known} elsewhere but ${length} in '${name}' (${path}).`,
          { path, variable: name, dim },
        )
      }
      dims[dim] = length
    })
    const dtype = isDType(array.dtype) ? array.dtype : isStringType(array.dtype) ? 'string' : null
    if (dtype === null) {
      unsupported.set(name, `dtype ${array.dtype}`)
      continue
    }
    const info: CoordInfo = {
      name,
      dims: arrayDims,
      shape: [...array.shape],
      dtype,
      attrs: userAttrs(arrayAttrs),
    }
    arrays.set(name, { info, array, chunkFile: chunkFileFor(name, format, raw) })
  }

  const variables = new Map<string, StoredArray>()
  const coords = new Map<string, StoredArray>()
  for (const [name, stored] of arrays) {
    const isDimCoord = stored.info.dims.length === 1 && stored.info.dims[0] === name
    if (isDimCoord || coordNames.has(name)) coords.set(name, stored)
    else if (stored.info.dtype === 'string') unsupported.set(name, 'strings in a data variable')
    else variables.set(name, stored)
  }
  return {
    path,
    zarrFormat: format,
    store,
    attrs: userAttrs(attrs),
    dims,
    variables,
    coords,
    unsupported,
    missingMetadata,
  }
}
