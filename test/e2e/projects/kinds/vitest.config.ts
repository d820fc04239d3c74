import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

export default defineConfig({ plugins: [leakguard()] })
