import type { Diagnostic } from '../core/diagnostics.js';
import { renderDiagnosticsGrouped } from '../reporters/diagnostics-text.js';

/** Where a command writes: results to stdout, diagnostics and progress to stderr (docs/cli.md). */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** `--quiet`: stderr keeps errors only (no warnings, notes or progress). */
  readonly quiet?: boolean;
  /** `--require-complete`: an estate that covers part of what it describes is unusable input (exit 2). */
  readonly requireComplete?: boolean;
}

/** Set once standard output's reader has gone (`trustmap … | head -1`): what is left to print is dropped. */
let stdoutClosed = false;

export const processIo: CommandIo = {
  stdout: (text) => {
    if (!stdoutClosed) process.stdout.write(text);
  },
  stderr: (text) => void process.stderr.write(text),
};

/**
 * A closed pipe ends the output quietly: no `write EPIPE` stack trace. The command still runs to
 * its end, so its exit code (a `--fail-on` threshold, a failed `check`) is the one it would have
 * had; a CI pipeline with `set -o pipefail` still sees it.
 */
export function ignoreClosedPipes(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') stdoutClosed = true;
    else throw e;
  });
  process.stderr.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

/**
 * Diagnostics on stderr: grouped by code when one repeats (the first few, then a count), errors
 * only under `--quiet`. JSON output carries every one of them.
 */
export function reportDiagnostics(io: CommandIo, diagnostics: readonly Diagnostic[]): void {
  const shown = io.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
  io.stderr(renderDiagnosticsGrouped(shown));
}

/** A progress line on stderr, unless `--quiet`. */
export function reportProgress(io: CommandIo, message: string): void {
  if (!io.quiet) io.stderr(`${message}\n`);
}

/** Exit codes shared by every command (docs/cli.md). */
export const EXIT_OK = 0;
export const EXIT_DIFFERS = 1;
export const EXIT_UNUSABLE = 2;
