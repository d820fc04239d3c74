// What the two bundling steps of `npm run build` share (bundle-worker.mjs, bundle-plugin.mjs):
// the repository root, rolldown loaded as an optional devDependency, and what stays external.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root. */
export const repo = join(dirname(fileURLToPath(import.meta.url)), '..')

/**
 * Node built-ins and packages stay imports: vitest must be the worker's own instance, and
 * vitest, vite, zod and the tracked libraries are the user's own copies, resolved from
 * their project.
 */
export const external = [/^node:/, /^[a-z@][^:]*$/]

/**
 * rolldown, or `undefined` after warning `script: rolldown not found; <fallback>` when it is
 * not installed: the build then keeps tsc's unbundled output, which works the same, only
 * slower to import. A rolldown that is there but fails to load is a broken install,
 * reported rather than hidden.
 */
export async function importRolldown(script, fallback) {
  try {
    return await import('rolldown')
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error
    console.warn(`${script}: rolldown not found; ${fallback}`)
    return undefined
  }
}
