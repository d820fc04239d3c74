import { globalSlot } from '../src/handles/index.js'

/** The owner key of a test: what `handles` records for what it opens. */
export const testOwner = (id: string): string => `test:${id}`
/** The owner key of a suite (`beforeAll`, `afterAll`). */
export const suiteOwner = (id: string): string => `suite:${id}`
/** The owner key of a test file (module scope). */
export const fileOwner = (path: string): string => `file:${path}`

/**
 * Maps a vitest trace span to the owner of the code run inside it.
 * The span names are vitest's OpenTelemetry instrumentation (stable in 4.1 and 5.1, not a
 * documented contract), which is why the runner checks itself and has a fallback.
 */
export function ownerOfSpan(name: string, attributes: Record<string, unknown>): string | undefined {
  switch (name) {
    case 'run.test':
      return testOwner(String(attributes['vitest.test.id']))
    case 'run.suite':
      return suiteOwner(String(attributes['vitest.suite.id']))
    case 'run.spec':
    case 'collect_spec':
      return fileOwner(String(attributes['code.file.path']))
    default:
      return undefined
  }
}

/** The fallback switch, shared by every copy of the runner module in the realm. */
export interface FallbackState {
  /** Set by the runner when its trace wrapping did not give a test its owner. */
  useAroundEach: boolean
}

/** The one fallback switch of this realm. */
export const fallbackState = globalSlot<FallbackState>('leakguard.fallback.v1', () => ({
  useAroundEach: false,
}))
