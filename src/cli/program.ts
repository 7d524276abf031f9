import { Command } from 'commander';
import { registerAccessMapCommand } from './access-map.js';
import { registerCheckCommand } from './check.js';
import { registerDiffCommand } from './diff.js';
import { registerExplainCommand } from './explain.js';
import { registerFindingsCommand } from './findings.js';
import { registerPathsCommand } from './paths.js';
import { registerWhatCanCommand } from './what-can.js';
import { registerWhoCanCommand } from './who-can.js';
import type { CommandIo } from './command-io.js';
import { packageVersion } from './package-version.js';
import { registerMergeCommand } from './merge.js';
import { registerReplayCommand } from './replay.js';
import { registerReportCommand } from './report.js';
import { registerServeCommand } from './serve.js';

/** The commands that take a question (an action asked of the engine): `--allow-unknown-action` means the same in each. */
const QUESTION_COMMANDS: ReadonlySet<string> = new Set(['check', 'explain', 'paths', 'who-can', 'what-can', 'access-map']);

/** Each subcommand lives in its own file and registers itself here. */
const COMMANDS: ReadonlyArray<(program: Command, io: CommandIo) => void> = [
  registerCheckCommand,
  registerExplainCommand,
  registerPathsCommand,
  registerWhoCanCommand,
  registerWhatCanCommand,
  registerAccessMapCommand,
  registerFindingsCommand,
  registerDiffCommand,
  registerReportCommand,
  registerReplayCommand,
  registerMergeCommand,
  registerServeCommand,
];

/**
 * Every command takes `--quiet` (stderr keeps errors only); the option is added here so that it
 * means the same everywhere, and it reaches the command through the io it writes with.
 */
export function buildProgram(outer: CommandIo): Command {
  const io: { -readonly [K in keyof CommandIo]: CommandIo[K] } = { stdout: (t) => outer.stdout(t), stderr: (t) => outer.stderr(t), quiet: outer.quiet ?? false, requireComplete: outer.requireComplete ?? false };
  const program = new Command('trustmap')
    .description('can this principal in account A do this action on that resource in account B? AWS authorization, explained on both sides')
    .version(packageVersion(), '-V, --version')
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program, io);
  for (const command of program.commands) {
    if (command.name() !== 'check' && command.name() !== 'merge') command.option('--require-complete', 'refuse an estate that covers only part of what it describes (an account or service not collected, a refused call): exit 2, for CI');
    if (QUESTION_COMMANDS.has(command.name())) command.option('--allow-unknown-action', 'answer for an action the bundled service reference data does not know (newer than the data); the answer says so in its assumptions');
    command.option('-q, --quiet', 'print errors only on stderr: no warnings, notes or progress');
  }
  program.hook('preAction', (_program, action) => {
    const opts = action.opts<{ quiet?: boolean; requireComplete?: boolean }>();
    io.quiet = opts.quiet === true || (outer.quiet ?? false);
    io.requireComplete = opts.requireComplete === true || (outer.requireComplete ?? false);
  });
  return program;
}
