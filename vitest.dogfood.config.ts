import { defineConfig, mergeConfig } from 'vitest/config'
import { leakguard } from './dist/plugin/index.js'
import base from './vitest.config.js'

// leakguard's own suite under its own plugin, every handle kind on (`npm run test:dogfood`,
// after a build). Every finding is fixed, or allowed below with its reason.
export default mergeConfig(
  base,
  defineConfig({
    plugins: [leakguard({ outDir: 'tmp/dogfood' })],
    test: { reporters: ['default'] },
  }),
)
