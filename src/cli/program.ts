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
import { registerReportCommand } from './report.js';
import { registerServeCommand } from './serve.js';

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
  registerServeCommand,
];

export function buildProgram(io: CommandIo): Command {
  const program = new Command('trustmap')
    .description('can this principal in account A do this action on that resource in account B? AWS authorization, explained on both sides')
    .version(packageVersion(), '-V, --version')
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program, io);
  return program;
}
