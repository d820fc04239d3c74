import { escapeAnnotationData, escapeAnnotationProperty } from './escape.js'
import { formatVerdict, type GateResult } from './gate.js'
import { describeHandle } from './handle-ref.js'
import type { LeakEntry, Report } from './model.js'
import { parseOpenedAt } from './opened-at.js'

export { parseOpenedAt }

function leakMessage(owner: string, file: string, leak: LeakEntry): string {
  return `${owner} (${file}) left ${describeHandle(leak)} open. Close it, or hold it with \`await using\`.`
}

/**
 * GitHub workflow commands that put each leak on the line that opened it, e.g.
 * `::error file=test/a.test.ts,line=12,col=5,title=leakguard%3A leak::…`. Pure: the
 * caller prints them to stdout when `GITHUB_ACTIONS` is set.
 */
export function leakAnnotations(report: Report): string[] {
  const owners = [
    ...report.tests.map((test) => ({
      owner: `test "${test.name}"`,
      file: test.file,
      leaks: test.leaks,
    })),
    ...report.scopes.map((scope) => ({
      owner: `${scope.scope} "${scope.name}"`,
      file: scope.file,
      leaks: scope.leaks,
    })),
  ]
  return owners.flatMap(({ owner, file, leaks }) =>
    leaks
      .filter((leak) => leak.allowedReason === undefined)
      .map((leak) => {
        const site = parseOpenedAt(leak.openedAt)
        const properties = site
          ? `file=${escapeAnnotationProperty(site.file)},line=${site.line},col=${site.column}`
          : `file=${escapeAnnotationProperty(file)}`
        const title = escapeAnnotationProperty('leakguard: leak')
        return `::error ${properties},title=${title}::${escapeAnnotationData(leakMessage(owner, file, leak))}`
      }),
  )
}

/**
 * File-level `::error` commands for the gate's other failures (regressions, limits,
 * crashes); leaks are annotated at their open site by {@link leakAnnotations}.
 */
export function verdictAnnotations(result: GateResult): string[] {
  return result.verdicts.flatMap((verdict) => {
    if (verdict.severity !== 'error' || verdict.kind === 'leak') return []
    const properties = `file=${escapeAnnotationProperty(verdict.subject.file)},title=${escapeAnnotationProperty(`leakguard: ${verdict.kind}`)}`
    return [
      `::error ${properties}::${escapeAnnotationData(formatVerdict(verdict, result.tolerance))}`,
    ]
  })
}
