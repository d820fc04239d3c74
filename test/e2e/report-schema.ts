import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { repoRoot } from './run-vitest.js'

const schema = JSON.parse(readFileSync(join(repoRoot, 'schema/report.schema.json'), 'utf8'))
// Formats (date-time) are not checked: ajv-formats would be one more dependency for one field.
const validate = new Ajv2020({ allErrors: true, strict: true, validateFormats: false }).compile(
  schema,
)

/** The schema violations of a report, as `path message` lines; empty when valid. */
export function schemaErrors(report: unknown): string[] {
  if (validate(report)) return []
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`)
}
