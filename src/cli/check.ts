import { Option, type Command } from 'commander';
import { checkScenario } from '../analyses/check-scenario.js';
import { loadServiceCatalog } from '../catalog/iam-data-catalog.js';
import { evaluateRequest } from '../core/decision/evaluate-request.js';
import { loadScenarioFile } from '../loaders/scenario/load-scenario-file.js';
import { renderCheckJson } from '../reporters/check-json.js';
import { renderCheckText } from '../reporters/check-text.js';
import { renderDiagnostics } from '../reporters/diagnostics-text.js';
import { EXIT_DIFFERS, EXIT_OK, EXIT_UNUSABLE, type CommandIo } from './command-io.js';

export type OutputFormat = 'text' | 'json';

export interface CheckOptions {
  readonly format: OutputFormat;
}

/**
 * `trustmap check <scenario>`: evaluates every request of a scenario and compares each answer with
 * its `expect`. Exit 0 when all checked requests pass, 1 when any differs, 2 when the scenario is
 * unusable.
 */
export async function runCheck(file: string, options: CheckOptions, io: CommandIo): Promise<number> {
  const catalog = await loadServiceCatalog();
  const loaded = loadScenarioFile(file, { catalog });
  if (loaded.unusable) {
    io.stderr(renderDiagnostics(loaded.diagnostics));
    if (options.format === 'json') io.stdout(renderCheckJson({ results: [], passed: 0, failed: 0, unchecked: 0, diagnostics: [] }, loaded.diagnostics));
    return EXIT_UNUSABLE;
  }
  const report = checkScenario(loaded.requests, (request) => evaluateRequest(loaded.estate, request, { catalog }));
  const diagnostics = [...loaded.diagnostics, ...report.diagnostics];
  io.stderr(renderDiagnostics(diagnostics));
  io.stdout(options.format === 'json' ? renderCheckJson(report, diagnostics) : renderCheckText(report));
  return report.failed > 0 ? EXIT_DIFFERS : EXIT_OK;
}

export function registerCheckCommand(program: Command, io: CommandIo): void {
  program
    .command('check')
    .description('evaluate the requests of a scenario file and compare each decision with its `expect`')
    .argument('<scenario>', 'scenario file (YAML or JSON, `trustmap: scenario/v1`)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--json', 'same as --format json')
    .action(async (scenario: string, opts: { format: OutputFormat; json?: boolean }) => {
      process.exitCode = await runCheck(scenario, { format: opts.json ? 'json' : opts.format }, io);
    });
}
