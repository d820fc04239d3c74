/**
 * The stylesheet of `report.html`. Status colours always come with the status's word and
 * a sign (✓ ✗ ▲ !), so nothing is told by colour alone.
 */
export const PAGE_STYLE = `
:root { --line: #e5e7eb; --muted: #6b7280; --ink: #111827; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 20px auto; max-width: 1200px; padding: 0 16px; color: var(--ink); }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; margin: 10px 0 4px; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
code, pre { font: 12px/1.4 ui-monospace, monospace; } pre { white-space: pre-wrap; margin: 4px 0; }
.env { color: var(--muted); margin: 0 0 12px; }
.chart { display: block; width: 100%; height: auto; }
.chart text { font: 11px system-ui, sans-serif; fill: #374151; } .chart .axis { fill: var(--muted); }
.chart .grid { stroke: var(--line); } .bar-peak { fill: #2563eb; } .bar-retained { fill: #d97706; }
.timeline .series { fill: none; stroke: #2563eb; stroke-width: 1.2; } .timeline .point { fill: #2563eb; }
.timeline .cursor { stroke: #111827; stroke-dasharray: 3 3; } .timeline { cursor: crosshair; }
.mark-leak { stroke: #b91c1c; stroke-width: 2.5; fill: none; } .mark-regression { fill: #7c3aed; }
.mark-leak-key { color: #b91c1c; font-weight: bold; } .mark-regression-key { color: #7c3aed; }
.caption { color: var(--muted); font-size: 12px; margin: 2px 0 10px; }
.ok { color: #047857; } .error { color: #b91c1c; } .warning { color: #b45309; } .info { color: #4b5563; }
.banner { background: #fef3c7; padding: 8px 12px; border-radius: 4px; }
.verdict { font-size: 16px; padding: 8px 12px; border-radius: 4px; border: 1px solid var(--line); }
.verdict.pass { background: #ecfdf5; } .verdict.fail { background: #fef2f2; }
.counts { display: flex; flex-wrap: wrap; gap: 8px; list-style: none; padding: 0; }
.counts li { border: 1px solid var(--line); border-radius: 4px; padding: 4px 10px; }
.counts strong { font-size: 16px; }
.badge { white-space: nowrap; font-weight: 600; }
.status-ok { color: #047857; } .status-leak, .status-crashed { color: #b91c1c; }
.status-regression { color: #7c3aed; } .status-over-limit, .status-oom-risk { color: #b45309; }
#attention li { margin: 2px 0; }
.controls { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; margin: 8px 0; }
#filter { font: inherit; padding: 4px 8px; width: 320px; }
.toggle { font: inherit; font-size: 13px; border: 1px solid #9ca3af; background: #fff; border-radius: 14px; padding: 2px 10px; cursor: pointer; }
.toggle[aria-pressed="false"] { background: #f3f4f6; color: #9ca3af; text-decoration: line-through; }
button:focus-visible, input:focus-visible { outline: 2px solid #2563eb; outline-offset: 2px; }
#tests-table { table-layout: fixed; font-size: 13px; }
#tests-table th { background: #f9fafb; position: sticky; top: 0; vertical-align: bottom; }
#tests-table td { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
#tests-table td.num, #tests-table th.num { text-align: right; }
#tests-table .expand-col { width: 28px; padding: 2px; }
#tests-table .num { padding: 4px; } #tests-table th.num { width: 70px; } #tests-table th.col-status { width: 120px; }
#tests-table th.col-file { width: 150px; } #tests-table th.col-gated { width: 64px; } #tests-table .col-gated { padding: 4px; } #tests-table td.num { font-size: 11.5px; font-variant-numeric: tabular-nums; }
.sort { font: inherit; font-weight: 600; border: 0; background: none; padding: 0; cursor: pointer; color: inherit; }
.expand { font: inherit; border: 1px solid var(--line); background: #fff; width: 24px; cursor: pointer; border-radius: 3px; }
.state { color: var(--muted); font-size: 12px; }
tr.detail > td { white-space: normal; background: #f9fafb; }
.detail-box { padding: 4px 8px 8px; } .leak { border-left: 3px solid #b91c1c; padding-left: 8px; margin: 6px 0; }
.leak-handle { font-weight: 600; } .stack { color: #374151; } .figures { color: #374151; }
.comparisons { width: auto; margin: 6px 0; } .comparisons tr.regressed td { color: #7c3aed; font-weight: 600; }
#pager { display: flex; gap: 12px; align-items: center; margin: 8px 0; }
#pager button { font: inherit; padding: 2px 10px; }
#timeline-tip { position: fixed; background: #111827; color: #fff; font-size: 12px; padding: 4px 8px; border-radius: 4px; pointer-events: none; max-width: 640px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`
