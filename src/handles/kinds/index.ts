import { childProcessKind } from './child-process.js'
import { dgramKind } from './dgram.js'
import { duckdbKind } from './duckdb.js'
import { fdKind } from './fd.js'
import { fileKind } from './file.js'
import { hdf5Kind } from './hdf5.js'
import { intervalKind } from './interval.js'
import type { HandleKind } from './kind.js'
import { serverKind } from './server.js'
import { socketKind } from './socket.js'
import { streamKind } from './stream.js'
import { watcherKind } from './watcher.js'
import { workerKind } from './worker.js'

export { importFromRoot } from './import-from-root.js'
export { installKinds, uninstallKinds } from './install.js'
export type { HandleKind, KindContext } from './kind.js'
export { trackingPaused, untracked } from './untracked.js'
export { wrapLoadedWorkerThreads } from './worker.js'
export { replaceMethod } from './wrap.js'

/**
 * Every kind leakguard can track without a change to the user's tests, in install order.
 * The `track` option selects among them by name (default: all). Library kinds find the
 * user's copy of their library through `importFromRoot`, and cost nothing without it.
 */
export const handleKinds: readonly HandleKind[] = [
  fileKind,
  fdKind,
  streamKind,
  watcherKind,
  serverKind,
  childProcessKind,
  workerKind,
  socketKind,
  dgramKind,
  intervalKind,
  hdf5Kind,
  duckdbKind,
]

/** The names `track` accepts. */
export const handleKindNames: readonly string[] = handleKinds.map((kind) => kind.name)
