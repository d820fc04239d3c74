import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { WorkerNotBuiltError } from './errors.js'

const WORKER_FILE = 'realization-worker.js'

/**
 * The compiled worker file for tinypool.
 *
 * From `dist/src/multisite/*.js` it is the sibling file. From source (vitest runs
 * `src/multisite/*.ts`, so `import.meta.url` ends in `.ts`) it is the built copy in
 * `dist/src/multisite/`, because worker threads cannot load TypeScript without a loader;
 * the repo's `npm test` builds first.
 *
 * @throws WorkerNotBuiltError when that file does not exist
 */
export function resolveWorkerFile(moduleUrl: string = import.meta.url): string {
  const fromSource = moduleUrl.endsWith('.ts')
  const url = fromSource
    ? new URL(`../../dist/src/multisite/${WORKER_FILE}`, moduleUrl)
    : new URL(`./${WORKER_FILE}`, moduleUrl)
  const path = fileURLToPath(url)
  if (!existsSync(path)) throw new WorkerNotBuiltError(path)
  return path
}
