export { type AllowRule, applyAllowList, findAllowEntry } from './allow.js'
export { decideScope, type ScopeVerdictInput } from './decide-scope.js'
export { decideTest, type TestVerdictInput } from './decide-test.js'
export { HandleLeakError } from './errors.js'
export { formatLeakMessage, type LeakSubject, leakErrorStack } from './leak-message.js'
export {
  FIXTURE_POLICY,
  failingLeaks,
  type Verdict,
  type VerdictError,
  type VerdictPolicy,
} from './model.js'
export { reportedLeaks } from './reported-leaks.js'
