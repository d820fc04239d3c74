/**
 * `leakguard/kinds`: what a user needs to add a kind of handle for their own library
 * (see the README, "Adding a kind for your own library"). A pinned list, like the
 * library entry: the built-in kinds themselves stay internal.
 */
export { importFromRoot } from './handles/kinds/import-from-root.js'
export { handleKindNames } from './handles/kinds/index.js'
export { installKinds, uninstallKinds } from './handles/kinds/install.js'
export type { HandleKind, KindContext } from './handles/kinds/kind.js'
export { untracked } from './handles/kinds/untracked.js'
export { replaceMethod } from './handles/kinds/wrap.js'
