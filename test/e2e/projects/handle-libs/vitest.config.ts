import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

// Nothing but the plugin: h5wasm and @duckdb/node-api are the project's own dependencies,
// and leakguard finds them from this root.
export default defineConfig({ plugins: [leakguard()] })
