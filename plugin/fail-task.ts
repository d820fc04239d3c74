import type { RunnerTask } from 'vitest'

/** A serialisable error, shown by vitest with a code frame built from `stack`. */
export type TaskError = {
  name: string
  message: string
  stack: string
}

interface AttemptLike {
  state?: string
  errors?: unknown[]
}

/**
 * Fails a test or suite after its teardown, from `onAfterRunTask`/`onAfterRunSuite`.
 *
 * Throwing there would fail the whole file and skip sibling tests (measured), so the
 * error is pushed into the result instead. Vitest 5 prints errors from the last
 * attempt, so it goes there too (harmless on 4.1, which has no attempts).
 */
export function failTask(task: RunnerTask, error: TaskError): void {
  task.result ??= { state: 'fail' }
  const result = task.result
  result.state = 'fail'
  result.errors = [...(result.errors ?? []), error]
  const attempts = (result as { attempts?: AttemptLike[] }).attempts
  const last = attempts?.at(-1)
  if (last) {
    last.state = 'fail'
    last.errors = [...(last.errors ?? []), error]
  }
}
