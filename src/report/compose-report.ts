import { type GateDecision, withGate } from './gate-outcome.js'
import { type HeapDiffFinding, withHeapDiffs } from './heap-diff-findings.js'
import type { Report } from './model.js'

/** The decisions taken after the measured report was built. */
export interface ReportDecisions {
  /** The gate's outcomes, when it ran. */
  readonly gate?: GateDecision | undefined
  /** What a heap-diff rerun found. */
  readonly heapDiffs?: readonly HeapDiffFinding[] | undefined
}

/**
 * The report as written: the measured report (`buildReport`, from the workers' rows and
 * logs) with the gate's outcomes and the rerun's heap diffs. Each stage returns a value;
 * none edits what an earlier one produced, and the result is written once. Pure.
 */
export function composeReport(measured: Report, decisions: ReportDecisions): Report {
  const gated = decisions.gate ? withGate(measured, decisions.gate) : measured
  return withHeapDiffs(gated, decisions.heapDiffs ?? [])
}
