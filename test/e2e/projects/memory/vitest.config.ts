import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

export default defineConfig({ plugins: [leakguard({ gc: true, memoryLimit: '100 MB' })] })
