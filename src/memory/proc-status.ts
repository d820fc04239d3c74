import { openSync, readSync } from 'node:fs'
import { untracked } from '../handles/kinds/untracked.js'
import { noteOwnDescriptorKept } from './own-descriptors.js'

/** Descriptors of status files, by path, opened once and kept: see {@link readProcStatus}. */
const descriptors = new Map<string, number>()
const buffer = Buffer.alloc(16 * 1024)

/**
 * Reads a procfs status file (e.g. `/proc/self/status`) through a descriptor opened on
 * first use and kept: procfs regenerates the text on each read from offset 0, and a
 * process that has run out of descriptors (EMFILE, a test that opened too many files)
 * can still be measured. Also one `open` less per reading.
 *
 * @returns the text, or `undefined` where the file cannot be opened or read (not Linux)
 */
export function readProcStatus(path: string): string | undefined {
  const fd = keepProcStatusOpen(path)
  if (fd === undefined) return undefined
  try {
    const length = readSync(fd, buffer, 0, buffer.length, 0)
    return buffer.toString('utf8', 0, length)
  } catch {
    // Not readable: callers fall back to another source and say so.
    return undefined
  }
}

/**
 * Opens the descriptor {@link readProcStatus} uses, if it is not open yet, without reading
 * (a map lookup once open). Call it while descriptors are surely available.
 *
 * @returns the descriptor, or `undefined` where the file cannot be opened (not Linux)
 */
export function keepProcStatusOpen(path: string): number | undefined {
  let fd = descriptors.get(path)
  if (fd !== undefined) return fd
  try {
    // leakguard's own descriptor, kept open for the worker's life: not the test's handle.
    fd = untracked(() => openSync(path, 'r'))
  } catch {
    // No procfs: the figure stays unknown to this fallback.
    return undefined
  }
  descriptors.set(path, fd)
  noteOwnDescriptorKept()
  return fd
}

/**
 * A `Name:   123 kB` line of a status text, in bytes. A scan by hand, not a regular
 * expression: it runs twice on every test's end reading (0.9 µs with `indexOf`, slice and
 * a regular expression per field; the `pread` itself is 3.6 µs).
 *
 * @param from - where to start looking (a line start or the `\n` before one)
 */
export function statusKilobytes(text: string, name: string, from = 0): number | undefined {
  const key = `${name}:`
  let at = from === 0 && text.startsWith(key) ? 0 : text.indexOf(`\n${key}`, from)
  if (at === -1) return undefined
  at += at === 0 && text.startsWith(key) ? key.length : key.length + 1
  while (text.charCodeAt(at) === SPACE || text.charCodeAt(at) === TAB) at++
  let value = 0
  const first = at
  for (let code = text.charCodeAt(at); code >= ZERO && code <= NINE; code = text.charCodeAt(++at)) {
    value = value * 10 + (code - ZERO)
  }
  if (at === first || !text.startsWith(' kB', at)) return undefined
  const end = at + 3
  return end === text.length || text.charCodeAt(end) === NEWLINE ? value * 1024 : undefined
}

const [SPACE, TAB, NEWLINE, ZERO, NINE] = [32, 9, 10, 48, 57]

/** The RSS and its high-water mark from one reading of a status file, in bytes. */
export interface StatusMemory {
  /** `VmRSS`: what the kernel counts resident now. */
  readonly rss: number
  /** `VmHWM`: the peak of `rss` since the process started or `clear_refs` reset it. */
  readonly hwm: number
}

/**
 * Reads `VmRSS` and `VmHWM` in one `pread` of a kept descriptor ({@link readProcStatus}):
 * the kernel computes both in that one reading, so `hwm >= rss` holds between them.
 *
 * @returns the two figures, or `undefined` where the file or either line is missing
 */
export function readStatusMemory(path: string): StatusMemory | undefined {
  const text = readProcStatus(path)
  if (text === undefined) return undefined
  const hwm = statusKilobytes(text, 'VmHWM')
  // VmRSS follows VmHWM in every kernel's status; from the start where it does not.
  const hwmAt = text.indexOf('\nVmHWM:')
  const rss = statusKilobytes(text, 'VmRSS', hwmAt === -1 ? 0 : hwmAt)
  return rss === undefined || hwm === undefined ? undefined : { rss, hwm }
}
