import pc from 'picocolors'
import type { Painter } from '../report/analyze-format.js'
import { plain } from '../report/analyze-format.js'

/** Where a command writes, and how; a seam so commands run the same in tests and for real. */
export interface CommandIo {
  out(line: string): void
  paint: Painter
  env: Readonly<Record<string, string | undefined>>
}

/**
 * The real terminal. Colours only when stdout is a TTY and `NO_COLOR` is unset, and never
 * with `--json`: a pipe or a CI log gets plain text.
 */
export function terminalIo(json: boolean): CommandIo {
  const env = process.env
  const colour = !json && process.stdout.isTTY === true && env.NO_COLOR === undefined
  const colours = pc.createColors(colour)
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    paint: colour ? colours : plain,
    env,
  }
}

/** Colours a gate line by its level. */
export function paintLevel(line: string, paint: Painter): string {
  if (line.startsWith('ERROR:')) return paint.red(line)
  if (line.startsWith('WARNING:')) return paint.yellow(line)
  if (line.startsWith('INFO:')) return paint.dim(line)
  return paint.bold(line)
}
