import { readFileSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where a handle was opened: the first stack frame that belongs to the user's code. */
export interface OpenSite {
  /** Absolute path of the file, or the raw location when it is not a file. */
  readonly file: string
  readonly line: number
  readonly column: number
}

/** Frames kept per capture. Enough to get past leakguard, zarrita and vitest internals. */
const STACK_LIMIT = 24

/**
 * Frames kept per capture for an open the built-in kinds see at the user's call (a wrapped
 * `fs`, `net` or `child_process` function), the wrapper itself left out: the caller is
 * frame 0, or a library's frame with the user's a few frames on. Past them a vitest
 * worker's stack is the runner's own frames, which no site ever comes from. Each frame
 * costs about 0.35 µs per capture, and a tracked open captures once (BENCHMARKS.md,
 * "Handle kinds: the cost of a tracked open").
 */
export const KIND_STACK_LIMIT = 12

const packageRoot = findPackageRoot()

/**
 * Paths whose frames are never the open site: leakguard itself (source or built),
 * dependencies, and Node internals. The open site is the user's line that called in.
 */
const internalPrefixes = ['src', 'dist', 'plugin', 'fixtures'].map(
  (dir) => `${resolve(packageRoot, dir)}${sep}`,
)

function findPackageRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  // Built code lives in dist/src/handles, source in src/handles.
  return here.includes(`${sep}dist${sep}src${sep}`)
    ? resolve(here, '../../..')
    : resolve(here, '../..')
}

/**
 * A stack captured but not yet formatted. V8 formats it on the first read of `stack` (and
 * keeps the text): until then it holds the frames' receivers and functions, and through
 * the functions their closures.
 */
export interface CapturedStack {
  readonly stack?: string
}

/**
 * Captures the current stack without formatting it: the open path pays for the capture,
 * and only a reported leak pays for the text (about twice the capture). Whoever keeps the
 * capture keeps its frames' receivers and closures alive until it is formatted (see
 * `TrackOptions.eagerStack`).
 *
 * @param skipAbove - frames above and including this function are left out
 * @param limit - frames kept (default 24, enough for leakguard's and zarrita's own frames)
 */
export function captureStackLazily(
  skipAbove: (...args: never[]) => unknown,
  limit: number = STACK_LIMIT,
): CapturedStack {
  const previousLimit = Error.stackTraceLimit
  Error.stackTraceLimit = limit
  const holder: { stack?: string } = {}
  Error.captureStackTrace(holder, skipAbove)
  Error.stackTraceLimit = previousLimit
  return holder
}

/**
 * Captures the current stack as text, formatted at once: the text holds nothing alive.
 *
 * @param skipAbove - frames above and including this function are left out
 */
export function captureStack(skipAbove: (...args: never[]) => unknown): string {
  return captureStackLazily(skipAbove).stack ?? ''
}

const FRAME_LOCATION = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?\s*$/

/** Parses one `    at fn (file:line:col)` line; `undefined` for native or eval frames. */
export function parseFrame(frameLine: string): OpenSite | undefined {
  const match = FRAME_LOCATION.exec(frameLine.trim())
  if (!match) return undefined
  const [, rawFile = '', line = '0', column = '0'] = match
  const file = rawFile.startsWith('file://') ? fileURLToPath(rawFile) : rawFile
  return { file, line: Number(line), column: Number(column) }
}

/** True when a frame is leakguard's own code, a dependency or a Node internal. */
export function isInternalFrame(file: string): boolean {
  if (file.startsWith('node:') || !file.includes(sep)) return true
  if (file.includes(`${sep}node_modules${sep}`)) return true
  return internalPrefixes.some((prefix) => file.startsWith(prefix))
}

/**
 * The open site of a captured stack: the first frame outside leakguard, dependencies
 * and Node. Falls back to the first parseable frame so a site is never empty.
 */
export function findOpenSite(stack: string): OpenSite | undefined {
  return findUserSite(stack) ?? firstSite(stack)
}

/** The first frame of user code in a stack, or `undefined` when it has none. */
export function findUserSite(stack: string): OpenSite | undefined {
  for (const frameLine of stack.split('\n').slice(1)) {
    const site = parseFrame(frameLine)
    if (site && !isInternalFrame(site.file)) return site
  }
  return undefined
}

function firstSite(stack: string): OpenSite | undefined {
  for (const frameLine of stack.split('\n').slice(1)) {
    const site = parseFrame(frameLine)
    if (site) return site
  }
  return undefined
}

/** Formats a site as `file:line:col`, with the file relative to `root` when one is given. */
export function formatOpenSite(site: OpenSite, root?: string): string {
  // Relative even outside the root (`../lib/x.ts` for a file beside the project), as
  // vitest prints its code frames.
  const file = root !== undefined && isAbsolute(site.file) ? relative(root, site.file) : site.file
  return `${file}:${site.line}:${site.column}`
}

/**
 * The text of the source line at a site, trimmed, or `undefined` when the file cannot
 * be read. Read only when a leak is reported, never on the hot open path.
 */
export function readSourceLine(site: OpenSite): string | undefined {
  try {
    const text = readFileSync(site.file, 'utf8')
    return text.split('\n')[site.line - 1]?.trim()
  } catch {
    // A missing or unreadable file only means the message shows no source line.
    return undefined
  }
}
