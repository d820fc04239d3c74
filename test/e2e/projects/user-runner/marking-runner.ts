import { type RunnerTask, TestRunner } from 'vitest'

/** A user's own runner: it records each test it starts, which the tests check. */
export default class MarkingRunner extends TestRunner {
  override async onBeforeRunTask(test: RunnerTask): Promise<void> {
    await super.onBeforeRunTask(test)
    ;(globalThis as { markedByUserRunner?: string[] }).markedByUserRunner ??= []
    ;(globalThis as { markedByUserRunner?: string[] }).markedByUserRunner?.push(test.name)
  }
}
