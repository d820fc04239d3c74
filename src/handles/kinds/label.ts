import { isAbsolute, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * A path argument (string, `file:` URL or Buffer) as a label: relative to the root when it
 * is inside it, as messages show open sites; absolute otherwise.
 */
export function pathLabel(path: unknown, root: string): string {
  let text: string
  if (path instanceof URL) text = path.protocol === 'file:' ? fileURLToPath(path) : path.href
  else text = String(path)
  if (!isAbsolute(text)) return text
  const inside = relative(root, text)
  if (inside === '') return '.'
  return inside.startsWith(`..${sep}`) || inside === '..' ? text : inside
}
