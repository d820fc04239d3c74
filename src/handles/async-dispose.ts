/**
 * Makes `await using` work on a class's instances in every realm.
 *
 * Why: vitest's `vmThreads`/`vmForks` pools evaluate packages inside a `vm` context whose
 * `Symbol` has no `asyncDispose` on Node 20 and 22. There a method declared as
 * `[Symbol.asyncDispose]` is keyed by the string "undefined", while the code vitest
 * lowers `await using` into looks for `Symbol.for('Symbol.asyncDispose')`. Found by the
 * pools compat test: a Dataset held with `await using` stayed open in vm pools only.
 *
 * @param prototype - the class prototype whose `close()` disposes an instance
 */
export function supportAsyncDisposeEverywhere(prototype: { close(): Promise<void> }): void {
  if (typeof Symbol.asyncDispose === 'symbol') return
  Object.defineProperty(prototype, Symbol.for('Symbol.asyncDispose'), {
    value(this: { close(): Promise<void> }): Promise<void> {
      return this.close()
    },
    configurable: true,
    writable: true,
  })
}
