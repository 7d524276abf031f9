import { CommanderError } from 'commander';
import { EXIT_UNUSABLE, ignoreClosedPipes, processIo } from './command-io.js';
import { buildProgram } from './program.js';
import { runWithSizedHeap } from './heap-sizing.js';

/** Entry point of the `trustmap` command. Usage errors exit 2, like unusable input (docs/cli.md). */
async function main(argv: readonly string[]): Promise<void> {
  ignoreClosedPipes();
  const sized = await runWithSizedHeap(argv.slice(2), processIo.stderr);
  if (sized !== undefined) {
    process.exitCode = sized;
    return;
  }
  const program = buildProgram(processIo);
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    // commander's own exits (help, version, usage errors) become exit codes of ours
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : EXIT_UNUSABLE;
      return;
    }
    processIo.stderr(`error internal/crash: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = EXIT_UNUSABLE;
  }
}

await main(process.argv);
