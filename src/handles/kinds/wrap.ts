/** Marks a wrapper with the function it wraps, so a second install wraps the original. */
const ORIGINAL = Symbol.for('leakguard.kinds.original')

type AnyFunction = (this: unknown, ...args: never[]) => unknown

/**
 * Replaces `target[key]` with `wrap(original)`, keeping the original's name and length,
 * and returns the undo.
 *
 * Why the marker: in the vm pools every test file is a new realm, but Node's built-in
 * modules are the host's, shared by all of them. A realm that installs after another one
 * must wrap the original, not the earlier realm's wrapper (which reports to that realm's
 * registry), or every open would be counted twice.
 */
export function replaceMethod<T extends object, K extends keyof T>(
  target: T,
  key: K,
  wrap: (original: T[K]) => T[K],
): () => void {
  const current = target[key] as unknown as AnyFunction & { [ORIGINAL]?: AnyFunction }
  const original = (current[ORIGINAL] ?? current) as unknown as T[K]
  const wrapper = wrap(original) as unknown as AnyFunction & { [ORIGINAL]?: AnyFunction }
  Object.defineProperty(wrapper, ORIGINAL, { value: original })
  Object.defineProperty(wrapper, 'name', { value: (original as unknown as AnyFunction).name })
  Object.defineProperty(wrapper, 'length', { value: (original as unknown as AnyFunction).length })
  target[key] = wrapper as unknown as T[K]
  return () => {
    // Only if nobody replaced it since: undoing must not drop a later wrapper.
    if ((target[key] as unknown) === wrapper) target[key] = original
  }
}

/**
 * The function `fn` wraps if it is one of {@link replaceMethod}'s wrappers, else `fn`: a
 * kind that calls a library method itself, unwrapped, must not call another install's
 * wrapper of it (which would track the same open a second time).
 */
export function originalOf<F>(fn: F): F {
  const marked = fn as F & { [ORIGINAL]?: F }
  return (typeof fn === 'function' && marked[ORIGINAL]) || fn
}
