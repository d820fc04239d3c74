/**
 * A `file:line:col` split from the right, so a path holding `:` (e.g. `C:\`) survives.
 * Its own module: the runner (in every worker) needs it without the gate behind
 * `annotations.ts`.
 */
export function parseOpenedAt(
  openedAt: string,
): { file: string; line: number; column: number } | undefined {
  const match = /^(.*):(\d+):(\d+)$/.exec(openedAt)
  if (!match) return undefined
  const [, file = '', line = '0', column = '0'] = match
  return { file, line: Number(line), column: Number(column) }
}
