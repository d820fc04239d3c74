import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

// The compat tests run this project once per pool (`--pool=…` on the command line) and
// once per shard; each shard writes its own leakguard report, as separate CI jobs would.
export default defineConfig({
  plugins: [
    leakguard({ memoryLimit: '100 MB', outDir: process.env.LEAKGUARD_COMPAT_OUT ?? '.leakguard' }),
  ],
})
