export { supportAsyncDisposeEverywhere } from './async-dispose.js'
export { globalSlot } from './global-slot.js'
export {
  captureStack,
  findOpenSite,
  findUserSite,
  formatOpenSite,
  isInternalFrame,
  type OpenSite,
  parseFrame,
  readSourceLine,
} from './open-site.js'
export { type OwnerKey, ownerContext } from './owner.js'
export {
  type HandleRecord,
  type HandleRegistry,
  handles,
  type PendingOpen,
  type TrackOptions,
} from './registry.js'
