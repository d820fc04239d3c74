import type { HandleKind } from './kind.js'
import { pathLabel } from './label.js'
import { untracked } from './untracked.js'
import { replaceMethod } from './wrap.js'

/** The entry of h5wasm that reads and writes real files on disk (Node's filesystem). */
const H5WASM_NODE = 'h5wasm/node'

/** The parts of h5wasm's Emscripten module that `new File()` and `file.close()` call. */
interface H5Module {
  open(filename: string, mode: number, ...rest: unknown[]): unknown
  close_file(fileId: unknown): number
  readonly [constant: string]: unknown
}

/** The parts of the `h5wasm/node` namespace this kind reads. */
interface H5WasmNamespace {
  readonly ready: Promise<unknown>
  readonly Module: unknown
  readonly ACCESS_MODES: Readonly<Record<string, string>>
}

/**
 * One open HDF5 file, as tracked: the HDF5 file id is the handle (the wasm module keeps the
 * file and its fd open until `close_file` of that id), not the `File` object, which can be
 * collected while the file stays open.
 */
interface Hdf5Handle {
  readonly fileId: unknown
}

const FIX = 'close it with `file.close()` (in the test or its `afterEach`).'

/** HDF5 ids are non-negative; `-1` is the failure h5wasm passes on from `H5Fopen`. */
function isFailedId(fileId: unknown): boolean {
  return (typeof fileId === 'bigint' || typeof fileId === 'number') && fileId < 0
}

function isNamespace(value: unknown): value is H5WasmNamespace {
  const candidate = value as Partial<H5WasmNamespace> | undefined
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.ready?.then === 'function' &&
    typeof candidate.ACCESS_MODES === 'object'
  )
}

function isModule(value: unknown): value is H5Module {
  const candidate = value as Partial<H5Module> | undefined
  return typeof candidate?.open === 'function' && typeof candidate.close_file === 'function'
}

/** `'w'` back from `Module.H5F_ACC_TRUNC`: the mode as the user wrote it. */
function modeNames(
  module: H5Module,
  accessModes: Readonly<Record<string, string>>,
): Map<unknown, string> {
  const names = new Map<unknown, string>()
  for (const [mode, constant] of Object.entries(accessModes)) {
    if (!names.has(module[constant])) names.set(module[constant], mode)
  }
  return names
}

/**
 * HDF5 and netCDF-4 files opened through h5wasm's `new File(path, mode)`, open until
 * `file.close()`.
 *
 * A constructor cannot be wrapped in place, and the ESM namespace is frozen, but the
 * constructor opens through `Module.open` and `close()` closes through `Module.close_file`,
 * both looked up on h5wasm's Emscripten module object at call time: wrapping those two sees
 * every `new File()` in the user's copy of `h5wasm/node`. The open is synchronous, so the
 * stack at `Module.open` holds the line that called `new File()`.
 */
export const hdf5Kind: HandleKind = {
  name: 'hdf5',
  imports: [H5WASM_NODE],
  async install({ registry, importFromRoot, root }) {
    const namespace = await importFromRoot(H5WASM_NODE)
    if (namespace === undefined) return () => {}
    if (!isNamespace(namespace)) {
      throw new TypeError(`${H5WASM_NODE} does not look like h5wasm: no \`ready\` promise`)
    }
    // `Module` is a live binding, set once the wasm module is instantiated.
    await namespace.ready
    const module = namespace.Module
    if (!isModule(module)) {
      throw new TypeError(`${H5WASM_NODE}: its Module has no open/close_file to instrument`)
    }
    const modes = modeNames(module, namespace.ACCESS_MODES)
    const openFiles = new Map<unknown, Hdf5Handle>()
    const undoOpen = replaceMethod(
      module,
      'open',
      (open) =>
        function trackedOpen(this: unknown, filename: string, mode: number, ...rest: unknown[]) {
          // h5wasm opens the file with Node's fs.openSync underneath: that fd is part of this
          // handle, not a handle of its own.
          const fileId = untracked(() => open.call(this, filename, mode, ...rest))
          // A failed open does not throw: h5wasm returns HDF5's negative id, nothing is open.
          if (isFailedId(fileId)) return fileId
          const handle: Hdf5Handle = { fileId }
          openFiles.set(fileId, handle)
          registry.track(handle, {
            kind: 'hdf5',
            label: `${pathLabel(filename, root)} (mode ${modes.get(mode) ?? String(mode)})`,
            fix: FIX,
            // Below this wrapper: h5wasm's `File` constructor, then the line that called it.
            openedBy: trackedOpen,
          })
          return fileId
        },
    )
    const undoClose = replaceMethod(
      module,
      'close_file',
      (closeFile) =>
        function (this: unknown, fileId: unknown) {
          const status = untracked(() => closeFile.call(this, fileId))
          const handle = openFiles.get(fileId)
          // A failed close (negative status) leaves the file open, and so the handle.
          if (handle !== undefined && status >= 0) {
            openFiles.delete(fileId)
            registry.release(handle)
          }
          return status
        },
    )
    return () => {
      undoClose()
      undoOpen()
      openFiles.clear()
    }
  },
}
