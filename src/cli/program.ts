import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerAccessMapCommand } from './access-map.js';
import { registerCheckCommand } from './check.js';
import { registerExplainCommand } from './explain.js';
import { registerPathsCommand } from './paths.js';
import { registerWhatCanCommand } from './what-can.js';
import { registerWhoCanCommand } from './who-can.js';
import type { CommandIo } from './command-io.js';

/** Each subcommand lives in its own file and registers itself here. */
const COMMANDS: ReadonlyArray<(program: Command, io: CommandIo) => void> = [
  registerCheckCommand,
  registerExplainCommand,
  registerPathsCommand,
  registerWhoCanCommand,
  registerWhatCanCommand,
  registerAccessMapCommand,
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

/** package.json is two levels above both src/cli/ and dist/cli/. */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
