import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

const heapDiff = (process.env.HEAP_DIFF ?? 'on-failure') as 'on-failure' | 'always' | 'off'

export default defineConfig({
  plugins: [leakguard({ heapDiff })],
  test: { include: ['*.test.ts'] },
})
