/**
 * The error `promise` rejects with, for asserting on its class and fields; fails the test
 * if it resolves or rejects with something that is not an Error.
 */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(outcome instanceof Error)) throw new Error('expected a rejection')
  return outcome
}
