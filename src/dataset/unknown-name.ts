import { closest, distance } from 'fastest-levenshtein'
import { DatasetUnknownDim, DatasetUnknownVariable } from './errors.js'

/**
 * The candidate nearest to `name`, if it is near enough to be a typo: at most a third of
 * the name's length in edits (at least two, so a swapped pair like `dya` counts), and
 * fewer edits than the name has characters. Farther suggestions mislead more than help.
 */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined
  const best = closest(name, [...candidates])
  const edits = distance(name, best)
  const limit = Math.max(2, Math.floor(name.length / 3))
  return edits <= limit && edits < name.length ? best : undefined
}

function listNames(candidates: readonly string[]): string {
  return candidates.length === 0 ? '(none)' : candidates.map((c) => `'${c}'`).join(', ')
}

function hint(suggestion: string | undefined): string {
  return suggestion === undefined ? '' : ` Did you mean '${suggestion}'?`
}

/** The error for a variable or coordinate name the dataset does not have. */
export function unknownVariable(
  path: string,
  name: string,
  candidates: readonly string[],
): DatasetUnknownVariable {
  const suggestion = nearestName(name, candidates)
  return new DatasetUnknownVariable(
    `Unknown variable '${name}' in ${path}.${hint(suggestion)} Known: ${listNames(candidates)}.`,
    { path, variable: name },
    suggestion,
  )
}

/** The error for a dim name that a variable (or the spec) does not have. */
export function unknownDim(
  path: string,
  variable: string | undefined,
  dim: string,
  candidates: readonly string[],
): DatasetUnknownDim {
  const suggestion = nearestName(dim, candidates)
  const where = variable === undefined ? path : `variable '${variable}' of ${path}`
  return new DatasetUnknownDim(
    `Unknown dimension '${dim}' for ${where}.${hint(suggestion)} Its dims: ${listNames(candidates)}.`,
    { path, variable, dim },
    suggestion,
  )
}
