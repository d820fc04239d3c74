// npm run demo: the incident reproduced at small scale, caught by leakguard, then fixed.
//
// 1. Runs examples/incident/before under leakguard: its fixture swallows the error from
//    closing an aliased dataset, so `ensemble_trans` stays open in every test. leakguard
//    must fail those tests, naming the store and the line that opened it.
// 2. Runs examples/incident/after: the same tests on leakguard's fixtures, clean.
// 3. Prints both side by side, and where the reports are.
//
// Exit 0 when both behaved as designed (including the expected failure of "before"),
// 1 when the leak was not caught or "after" did not pass clean.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const vitestBin = join(root, 'node_modules', 'vitest', 'vitest.mjs')
const MB = 1024 * 1024
const mb = (bytes) => `${(bytes / MB).toFixed(1)} MB`.padStart(9)

function banner(text) {
  console.log(`\n${'═'.repeat(78)}\n ${text}\n${'═'.repeat(78)}`)
}

function runSuite(name) {
  const suiteRoot = join(root, 'examples', 'incident', name)
  const outDir = join(root, '.leakguard', `incident-${name}`)
  rmSync(outDir, { recursive: true, force: true })
  const run = spawnSync(process.execPath, [vitestBin, 'run', '--root', suiteRoot], {
    cwd: suiteRoot,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '' },
  })
  const reportPath = join(outDir, 'report.json')
  if (!existsSync(reportPath)) {
    console.error(`demo: vitest wrote no ${relative(root, reportPath)} (exit ${run.status})`)
    process.exit(1)
  }
  return { exitCode: run.status, outDir, report: JSON.parse(readFileSync(reportPath, 'utf8')) }
}

banner('1/2  BEFORE the fix: the incident fixture (this run is EXPECTED to fail)')
const before = runSuite('before')
banner('2/2  AFTER the fix: leakguard/fixtures (expected to pass clean)')
const after = runSuite('after')

banner('Before vs after, per test (after a forced GC; RSS is the test file process)')
// "held by leaks" adds up what every dataset leaked so far still holds (its chunk cache),
// as leakguard measured it at each test's end: the memory that piles up test after test.
const header =
  `${'test'.padEnd(40)} │ ${'rss after'.padStart(9)} ${'held by leaks'.padStart(13)} │ ` +
  `${'rss after'.padStart(9)} ${'held by leaks'.padStart(13)}`
console.log(`${''.padEnd(40)} │ ${'BEFORE'.padEnd(23)} │ AFTER`)
console.log(header)
console.log('─'.repeat(header.length))
const held = { before: 0, after: 0 }
const cells = (side, t) => {
  if (!t?.memory) return `${'–'.padStart(9)} ${'–'.padStart(13)}`
  held[side] += t.leaks.reduce((sum, leak) => sum + (leak.heldBytes ?? 0), 0)
  return `${mb(t.memory.rssAfter)} ${mb(held[side]).padStart(13)}`
}
for (const test of before.report.tests) {
  const twin = after.report.tests.find((t) => t.name === test.name)
  console.log(
    `${test.name.slice(0, 40).padEnd(40)} │ ${cells('before', test)} │ ${cells('after', twin)}`,
  )
}

const leakedBefore = before.report.tests.filter((t) => t.status === 'leak')
const leakedAfter = after.report.tests.filter((t) => t.leaks.length > 0 || t.state !== 'pass')
const caught =
  before.exitCode !== 0 &&
  leakedBefore.length === before.report.tests.length &&
  leakedBefore.every((t) => t.leaks.some((l) => l.label.endsWith('ensemble_trans.zarr')))
const clean = after.exitCode === 0 && leakedAfter.length === 0

console.log('\nReports:')
for (const { outDir } of [before, after]) {
  for (const file of ['report.json', 'memory.jsonl', 'summary.md', 'report.html']) {
    const path = join(outDir, file)
    if (existsSync(path)) console.log(`  ${relative(root, path)}`)
  }
}

console.log('')
if (caught) {
  const first = leakedBefore[0].leaks[0]
  console.log(
    `✓ BEFORE failed as expected: leakguard caught ${leakedBefore.length} leaked ` +
      `ensemble_trans datasets, opened at ${first.openedAt}.`,
  )
} else {
  console.log('✗ BEFORE: the leak was NOT caught as designed. This is a leakguard bug.')
}
console.log(
  clean
    ? '✓ AFTER passed clean: every dataset closed once, nothing left open.'
    : `✗ AFTER did not pass clean (exit ${after.exitCode}, ${leakedAfter.length} test(s) with leaks or failures).`,
)
process.exit(caught && clean ? 0 : 1)
