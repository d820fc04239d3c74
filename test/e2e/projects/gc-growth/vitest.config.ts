import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

// gc: true gives every test two full GCs, so each test adds one heap-after-GC sample.
export default defineConfig({
  plugins: [leakguard({ gc: true })],
  test: { include: ['*.test.ts'] },
})
