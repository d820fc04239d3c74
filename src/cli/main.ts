#!/usr/bin/env node
import { Command, CommanderError } from 'commander'
import { isReportInputError } from '../report/errors.js'
import { analyzeCommand, DEFAULT_LOG } from './analyze-command.js'
import {
  DEFAULT_BASELINE,
  DEFAULT_REPORT,
  type GateCommandOptions,
  gateCommand,
} from './gate-command.js'
import { terminalIo } from './output.js'

/**
 * The `leakguard` command. Exit codes: 0 all well, 1 something falls short (a leak, a
 * regression), 2 bad input (a missing or malformed file, a bad option).
 */
function program(): Command {
  const root = new Command('leakguard')
    .description('Leaked dataset handles and memory regressions, per test')
    .exitOverride()
    .showHelpAfterError()

  root
    .command('analyze')
    .description('top tests by peak, memory spikes and unclosed datasets, from memory.jsonl logs')
    .argument('[logs...]', `memory.jsonl files (the merged log or each worker's)`, [DEFAULT_LOG])
    .option(
      '--spike <size>',
      'a rise in peak RSS above the previous test counted as a spike',
      '100 MB',
    )
    .option('--top <n>', 'how many tests to list by peak', '10')
    .option('--json', 'print the analysis as JSON')
    .action((logs: string[], options: { spike: string; top: string; json?: boolean }) => {
      process.exitCode = analyzeCommand(logs, options, terminalIo(options.json === true))
    })

  root
    .command('gate')
    .description('compare report.json (several shards merge) with the baseline')
    .argument('[reports...]', 'report.json files, one per shard', [DEFAULT_REPORT])
    .option('--baseline <path>', 'the baseline file', DEFAULT_BASELINE)
    .option('--tolerance <percent>', 'allowed growth relative to the baseline, e.g. 10%')
    .option('--floor <size>', "allowed growth whatever the baseline, e.g. '16 MB'")
    .option('--update', 'record this run as the baseline instead of comparing')
    .option('--json', 'print the verdicts as JSON')
    .option('--out-dir <dir>', 'also write summary.md and report.html with the verdicts there')
    .action((reports: string[], options: GateCommandOptions) => {
      process.exitCode = gateCommand(reports, options, terminalIo(options.json === true))
    })
  return root
}

try {
  program().parse(process.argv)
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and --version exit 0; commander has already printed its message otherwise.
    process.exitCode = error.exitCode === 0 ? 0 : 2
  } else if (isReportInputError(error)) {
    process.stderr.write(`leakguard: ${error.message}\n`)
    process.exitCode = 2
  } else {
    // Not bad input but a bug in leakguard: keep the stack, it is what a bug report needs.
    process.stderr.write(
      `leakguard: internal error: ${error instanceof Error ? error.stack : String(error)}\n`,
    )
    process.exitCode = 2
  }
}
