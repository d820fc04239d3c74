/**
 * The fix: leakguard's `multisite` fixture closes every distinct dataset once (by
 * identity, so the aliased `ensembleDaily` is no problem), lets any error from closing
 * surface, and fails the test if anything it opened is still open.
 */
export { test } from 'leakguard/fixtures'
