import { isAbsolute, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/** `.` or `..` as a path segment, an empty one (`//`) or a trailing separator. */
const UNNORMALIZED =
  sep === '/' ? /\/\.{1,2}(?:\/|$)|\/\/|.\/$/ : /[\\/]\.{1,2}(?:[\\/]|$)|[\\/]{2}|.[\\/]$/

/**
 * A path argument (string, `file:` URL or Buffer) as a label: relative to the root when it
 * is inside it, as messages show open sites; absolute otherwise.
 */
export function pathLabel(path: unknown, root: string): string {
  let text: string
  if (path instanceof URL) text = path.protocol === 'file:' ? fileURLToPath(path) : path.href
  else text = String(path)
  if (!isAbsolute(text)) return text
  // On every tracked open: a normalized path needs no `relative()` (a few µs in a worker).
  if (!UNNORMALIZED.test(text)) {
    if (text === root) return '.'
    const prefix = root.endsWith(sep) ? root : root + sep
    return text.startsWith(prefix) ? text.slice(prefix.length) : text
  }
  const inside = relative(root, text)
  if (inside === '') return '.'
  return inside.startsWith(`..${sep}`) || inside === '..' ? text : inside
}
