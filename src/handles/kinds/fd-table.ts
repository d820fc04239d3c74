import { globalSlot } from '../global-slot.js'

/**
 * The raw descriptors the `fd` kind tracks, fd number → the token tracked for it.
 *
 * The registry tracks objects, and a number is not one; the token is. A number the kernel
 * hands out again is a new handle: opening fd N while a token for N is still here means the
 * old N was closed by a path leakguard does not see, so that token is released first.
 */
export const fdTokens = globalSlot<Map<number, FdToken>>('leakguard.kinds.fds.v1', () => new Map())

/** What the registry tracks for one raw descriptor. */
export interface FdToken {
  readonly fd: number
}
