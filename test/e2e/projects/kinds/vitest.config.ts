import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

// `gc: true`: a forced GC before each verdict, so a FileHandle dropped without close is
// collected, and reported collected-while-open, deterministically.
export default defineConfig({ plugins: [leakguard({ gc: true })] })
