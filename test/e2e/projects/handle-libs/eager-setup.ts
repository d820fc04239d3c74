// The README's way to install the library kinds before every test file, for a dependency
// that imports the library itself: import it in a setup file (vitest runs it through Vite).
import '@duckdb/node-api'
import 'h5wasm/node'
