import { createRequire } from 'node:module'
import type picomatchType from 'picomatch'
import type { LeakEntry } from '../report/model.js'

/** One resolved allow-list entry: every field given must match; each carries a reason. */
export interface AllowRule {
  readonly kind: string | undefined
  readonly label: string | undefined
  /** A regular expression's source, tried against the label. */
  readonly labelPattern: string | undefined
  /** A glob on `file:line:col`, `file:line` or `file`. */
  readonly openedAt: string | undefined
  readonly reason: string
}

const matchers = new Map<string, (path: string) => boolean>()
let picomatch: typeof picomatchType | undefined

/**
 * Loaded on the first `openedAt` glob, not at import: it takes ~10 ms to load, and this
 * module is imported by every worker, most of which never match a glob.
 */
function loadPicomatch(): typeof picomatchType {
  picomatch ??= createRequire(import.meta.url)('picomatch') as typeof picomatchType
  return picomatch
}

function globMatches(glob: string, subject: string): boolean {
  let matcher = matchers.get(glob)
  if (!matcher) {
    matcher = loadPicomatch()(glob, { dot: true })
    matchers.set(glob, matcher)
  }
  return matcher(subject)
}

/**
 * The first allow-list entry that matches a leak, or `undefined`. `openedAt` globs are
 * tried against `file:line:col`, `file:line` and `file`, so `'test/legacy/**'` and
 * `'test/a.test.ts:12'` both work.
 */
export function findAllowEntry<Rule extends AllowRule>(
  leak: Pick<LeakEntry, 'kind' | 'label' | 'openedAt'>,
  allow: readonly Rule[],
): Rule | undefined {
  const [file = '', line = ''] = leak.openedAt.split(/:(?=\d)/)
  const sites = [leak.openedAt, `${file}:${line}`, file]
  return allow.find(
    (entry) =>
      (entry.kind === undefined || entry.kind === leak.kind) &&
      (entry.label === undefined || entry.label === leak.label) &&
      (entry.labelPattern === undefined || new RegExp(entry.labelPattern).test(leak.label)) &&
      (entry.openedAt === undefined || sites.some((site) => globMatches(entry.openedAt!, site))),
  )
}

/** The leaks with `allowedReason` set where an entry matches; a new array, inputs untouched. */
export function applyAllowList(
  leaks: readonly LeakEntry[],
  allow: readonly AllowRule[],
): LeakEntry[] {
  if (allow.length === 0) return [...leaks]
  return leaks.map((leak) => {
    const allowed = findAllowEntry(leak, allow)
    return allowed ? { ...leak, allowedReason: allowed.reason } : leak
  })
}
