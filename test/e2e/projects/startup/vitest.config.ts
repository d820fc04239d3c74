import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

// What a test file's worker loads, with leakguard() defaults or (LEAKGUARD_E2E_PLAIN=1)
// without leakguard. The workers get Node's internals exposed and a preload that hands the
// test the ESM loader, whose cache lists every module, and every built-in's ESM facade,
// the worker has loaded.
export default defineConfig({
  plugins: process.env.LEAKGUARD_E2E_PLAIN === '1' ? [] : [leakguard()],
  test: {
    execArgv: ['--expose-internals', '--require', `${import.meta.dirname}/esm-loader.cjs`],
  },
})
