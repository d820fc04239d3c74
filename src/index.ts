/**
 * leakguard: catch leaked dataset handles and memory regressions per test.
 *
 * The library entry point. It never imports vitest; the plugin lives in
 * `leakguard/plugin` and the fixtures in `leakguard/fixtures`.
 */
export * from './dataset/index.js'
export * from './handles/index.js'
export * from './memory/gc-stats.js'
export * from './memory/heap-diff/index.js'
export * from './memory/heap-snapshot/index.js'
export * from './memory/index.js'
export * from './multisite/index.js'
export * from './report/index.js'
export type * from './report/log-events.js'
export * from './report/model.js'
