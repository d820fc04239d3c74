/**
 * How many descriptors leakguard has opened for itself and kept (the /proc status
 * files). Each is opened on first use, which can fall inside a test (a retry after
 * EMFILE), and would then count as the test's fd.
 * A test's start compares this before and after its readings, and counts afresh when it
 * moved instead of reusing the previous test's end count.
 */
let opens = 0

/** Called by a module that has just opened a descriptor it keeps for the worker's life. */
export function noteOwnDescriptorKept(): void {
  opens++
}

/** The number of kept descriptors opened so far: compare two readings, not the value. */
export function ownDescriptorsKept(): number {
  return opens
}
