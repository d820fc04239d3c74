import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

// Nothing but the plugin: h5wasm and @duckdb/node-api are the project's own dependencies,
// and leakguard finds them from this root. HANDLE_LIBS_EAGER=1 adds the setup file that
// installs their kinds before every file (handle-libs.test.ts runs one file so).
export default defineConfig({
  plugins: [leakguard()],
  test: { setupFiles: process.env.HANDLE_LIBS_EAGER === '1' ? ['./eager-setup.ts'] : [] },
})
