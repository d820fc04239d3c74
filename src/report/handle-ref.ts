import type { LeakEntry } from './model.js'

/**
 * A handle as every leakguard output names it: `dataset "runs/a.zarr" (h7)`: the format of
 * the failure message users see first, so the same handle reads the same in the terminal,
 * `summary.md`, the gate's lines, annotations and `analyze`.
 *
 * @param escapeText - applied to each part taken from the run (Markdown, HTML); none by default
 */
export function describeHandle(
  leak: Pick<LeakEntry, 'kind' | 'label' | 'id'>,
  escapeText: (text: string) => string = (text) => text,
): string {
  return `${escapeText(leak.kind)} "${escapeText(leak.label)}" (${escapeText(leak.id)})`
}
