import { leakguard } from 'leakguard/plugin'
import { defineConfig } from 'vitest/config'

// The e2e driver runs this project once per `onLeak` mode, chosen by the environment.
const onLeak = (process.env.LEAKGUARD_E2E_ON_LEAK ?? 'fail') as 'fail' | 'warn' | 'off'

export default defineConfig({
  plugins: [
    leakguard({
      onLeak,
      allow: [
        { kind: 'dataset', openedAt: 'legacy.test.ts', reason: 'legacy suite, closed by #12' },
      ],
    }),
  ],
})
