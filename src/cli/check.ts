import { Option, type Command } from 'commander';
import { checkScenario, type CheckReport } from '../analyses/check-scenario.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { loadServiceCatalog } from '../catalog/iam-data-catalog.js';
import { evaluateRequest } from '../core/decision/evaluate-request.js';
import { loadScenarioFile } from '../loaders/scenario/load-scenario-file.js';
import { renderCheckJson } from '../reporters/check-json.js';
import { renderCheckText } from '../reporters/check-text.js';
import { EXIT_DIFFERS, EXIT_OK, EXIT_UNUSABLE, type CommandIo, reportDiagnostics } from './command-io.js';

export type OutputFormat = 'text' | 'json';

export interface CheckOptions {
  readonly format: OutputFormat;
  /** Requests without `expect` are listed but do not fail the run. */
  readonly allowUnchecked?: boolean;
  /** Requests whose action the service reference data does not know are asked anyway (a warning, and an assumption in the answer). */
  readonly allowUnknownAction?: boolean;
}

/**
 * `trustmap check <scenario>`: evaluates every request of a scenario and compares each answer with
 * its `expect`. It is a gate, so it fails closed (docs/cli.md):
 * - exit 2 when the scenario has any error diagnostic (an unknown field, an unreadable request,
 *   a malformed policy): the answers are still printed, invalid requests counted and shown;
 * - exit 1 when an answer differs from its `expect`, or when a request has no `expect` (unless
 *   `--allow-unchecked`);
 * - exit 0 otherwise.
 */
export async function runCheck(file: string, options: CheckOptions, io: CommandIo): Promise<number> {
  const catalog = await loadServiceCatalog();
  const loaded = loadScenarioFile(file, { catalog, allowUnknownAction: options.allowUnknownAction === true });
  if (loaded.unusable) {
    reportDiagnostics(io, loaded.diagnostics);
    if (options.format === 'json') io.stdout(renderCheckJson({ results: [], passed: 0, failed: 0, unchecked: 0, invalid: 0, diagnostics: [] }, loaded.diagnostics));
    return EXIT_UNUSABLE;
  }
  const report = checkScenario(loaded.requests, (request) => evaluateRequest(loaded.estate, request, { catalog }), loaded.invalidRequests ?? []);
  const diagnostics = [...loaded.diagnostics, ...report.diagnostics];
  reportDiagnostics(io, diagnostics);
  io.stdout(options.format === 'json' ? renderCheckJson(report, diagnostics) : renderCheckText(report));
  return checkExitCode(report, diagnostics, options, io);
}

function checkExitCode(report: CheckReport, diagnostics: readonly Diagnostic[], options: CheckOptions, io: CommandIo): number {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0 || report.invalid > 0) {
    io.stderr(`check: ${errors} error${errors === 1 ? '' : 's'} in the scenario${report.invalid > 0 ? `, ${report.invalid} invalid request${report.invalid === 1 ? '' : 's'}` : ''}: not a passing check (exit 2)\n`);
    return EXIT_UNUSABLE;
  }
  if (report.failed > 0) return EXIT_DIFFERS;
  if (report.unchecked > 0 && !options.allowUnchecked) {
    io.stderr(`check: ${report.unchecked} request${report.unchecked === 1 ? ' has' : 's have'} no \`expect\`: give each one, or pass --allow-unchecked (exit 1)\n`);
    return EXIT_DIFFERS;
  }
  return EXIT_OK;
}

export function registerCheckCommand(program: Command, io: CommandIo): void {
  program
    .command('check')
    .description('evaluate the requests of a scenario file and compare each decision with its `expect`')
    .argument('<scenario>', 'scenario file (YAML or JSON, `trustmap: scenario/v1`)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--json', 'same as --format json')
    .option('--allow-unchecked', 'requests without `expect` do not fail the check (exit 0 instead of 1)')
    .action(async (scenario: string, opts: { format: OutputFormat; json?: boolean; allowUnchecked?: boolean; allowUnknownAction?: boolean }) => {
      process.exitCode = await runCheck(scenario, { format: opts.json ? 'json' : opts.format, allowUnchecked: opts.allowUnchecked === true, allowUnknownAction: opts.allowUnknownAction === true }, io);
    });
}
