import { createRequire } from 'node:module'
import type * as Zod from 'zod'

type ZodModule = typeof Zod
const require = createRequire(import.meta.url)
let loaded: ZodModule | undefined

/**
 * A schema built with zod on first use, then kept.
 *
 * Why lazy: zod costs ~70 ms to import, and every test file that imports `leakguard` for
 * its datasets would pay it, though only the CLI and the gate parse a report or a
 * baseline; the logs the plugin reads at run end are checked without zod unless a line
 * is bad (`log-event-check.ts`). zod ships CommonJS too, so a synchronous `require` keeps
 * parsers sync.
 *
 * @param build - makes the schema from zod's `z`
 * @returns a function returning the one built schema
 */
export function lazySchema<T>(build: (z: ZodModule['z']) => T): () => T {
  let schema: T | undefined
  return () => {
    if (schema === undefined) {
      loaded ??= require('zod') as ZodModule
      schema = build(loaded.z)
    }
    return schema
  }
}
