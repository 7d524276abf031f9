import type { EstateCoverage } from '../core/model/estate-coverage.js';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { BaselineEntry } from '../analyses/findings/apply-baseline.js';
import { isFindingSeverity, SEVERITY_ORDER, type FindingSeverity } from '../analyses/findings/finding.js';
import { findingsReport, type FindingsReport } from '../analyses/findings/findings-report.js';
import { FINDING_RULES } from '../analyses/findings/registry.js';
import { loadServiceCatalog } from '../catalog/iam-data-catalog.js';
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from '../core/diagnostics.js';
import { renderFindingsJson } from '../reporters/findings-json.js';
import { renderFindingsSarif } from '../reporters/findings-sarif.js';
import { renderFindingsText } from '../reporters/findings-text.js';
import { collect, loadEstateFor, readQueryContext, reportUnusable } from './access-query-input.js';
import { EXIT_DIFFERS, EXIT_OK, EXIT_UNUSABLE, type CommandIo, reportDiagnostics } from './command-io.js';
import { logsUnreadable, readUnusedDays, readUsageEvidence } from './usage-evidence.js';
import { readFindingsBaseline } from './findings-baseline-file.js';
import { readKnownAccountsFor } from './known-accounts-file.js';
import { packageVersion } from './package-version.js';

export type FindingsFormat = 'text' | 'json' | 'sarif';

export interface FindingsFlags {
  readonly failOn?: string;
  readonly baseline?: string;
  readonly knownAccounts?: string;
  readonly rule?: readonly string[];
  readonly context?: readonly string[];
  readonly absent?: readonly string[];
  readonly verbose?: boolean;
  readonly docsBaseUrl?: string;
  /** CloudTrail logs: usage evidence for the usage rules (docs/cloudtrail.md#usage). */
  readonly cloudtrail?: readonly string[];
  readonly unusedDays?: string;
  readonly format: FindingsFormat;
}

/**
 * `trustmap findings <estate>`: what is wrong in the estate, rule by rule (docs/findings/README.md).
 * Exit 0 when answered, 1 when a finding not accepted by the baseline is at least as severe as
 * `--fail-on`, 2 for unusable input (the estate, the baseline or the known-accounts file).
 */
export async function runFindings(estatePath: string, flags: FindingsFlags, io: CommandIo): Promise<number> {
  const catalog = loadServiceCatalog();
  const bag = new DiagnosticBag();
  const failOn = readFailOn(flags.failOn, bag);
  const rules = readRules(flags.rule ?? [], bag);
  const context = readQueryContext({ format: 'text', ...(flags.context ? { context: flags.context } : {}), ...(flags.absent ? { absent: flags.absent } : {}) }, bag, catalog);
  const baseline: BaselineEntry[] | undefined = flags.baseline !== undefined ? readFindingsBaseline(flags.baseline, bag) : [];
  const knownAccounts = flags.knownAccounts !== undefined ? readKnownAccountsFor(flags.knownAccounts, bag) : new Map<string, string>();
  const unusedDays = readUnusedDays(flags.unusedDays, bag);
  if (bag.hasErrors || baseline === undefined || knownAccounts === undefined || unusedDays === undefined) return reportUnusable(io, bag.items);
  const loaded = loadEstateFor(estatePath, catalog, io);
  if (loaded.unusable) return reportUnusable(io, [...bag.items, ...loaded.diagnostics]);
  const usage = await readUsageEvidence(flags, unusedDays, loaded.estate, io);
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...bag.items, ...usage.diagnostics]);
  reportDiagnostics(io, diagnostics);
  const report = findingsReport(loaded.estate, { catalog, context, knownAccounts, baseline, ...(rules ? { rules } : {}), ...(failOn ? { failOn } : {}), ...(usage.evidence ? { usage: usage.evidence } : {}) });
  io.stdout(render(report, flags, estatePath, diagnostics, loaded.coverage));
  if (logsUnreadable(usage.diagnostics, io)) return EXIT_UNUSABLE;
  return report.failed ? EXIT_DIFFERS : EXIT_OK;
}

function render(r: FindingsReport, flags: FindingsFlags, estatePath: string, diagnostics: readonly Diagnostic[], coverage: EstateCoverage | undefined): string {
  switch (flags.format) {
    case 'json':
      return renderFindingsJson(r, diagnostics, coverage);
    case 'sarif':
      return renderFindingsSarif(r, {
        toolVersion: packageVersion(),
        artifactPath: relativeToCwd,
        estateArtifact: relativeToCwd(estateFile(estatePath)),
        ...(flags.docsBaseUrl ? { docsBaseUrl: flags.docsBaseUrl } : {}),
        ...(coverage ? { coverage } : {}),
      });
    case 'text':
      return renderFindingsText(r, { evidence: flags.verbose === true });
  }
}

/** SARIF locations are relative to where the command runs (the repository root in CI), with `/`. */
function relativeToCwd(file: string): string {
  const rel = path.relative(process.cwd(), path.resolve(file));
  return rel.split(path.sep).join('/');
}

/** The file that stands for the estate: the scenario or export itself, a snapshot's manifest. */
function estateFile(estatePath: string): string {
  try {
    if (statSync(estatePath).isDirectory()) {
      const manifest = path.join(estatePath, 'manifest.json');
      return existsSync(manifest) ? manifest : estatePath;
    }
  } catch {
    // the loader has said what is wrong with the path
  }
  return estatePath;
}

function readFailOn(value: string | undefined, bag: DiagnosticBag): FindingSeverity | undefined {
  if (value === undefined) return undefined;
  if (isFindingSeverity(value)) return value;
  bag.add({ code: 'findings/invalid-fail-on', severity: 'error', message: `\`--fail-on ${value}\` is not a severity`, help: `one of ${SEVERITY_ORDER.join(', ')}: exit 1 when a finding is at least that severe` });
  return undefined;
}

function readRules(values: readonly string[], bag: DiagnosticBag): string[] | undefined {
  const ids = values.flatMap((v) => v.split(',')).filter((v) => v !== '');
  if (ids.length === 0) return undefined;
  for (const id of ids) {
    if (!FINDING_RULES.some((r) => r.id === id)) bag.add({ code: 'findings/unknown-rule', severity: 'error', message: `\`--rule ${id}\` is not a finding rule`, help: 'the rules are listed in docs/findings/README.md' });
  }
  return ids;
}

const EXAMPLE = `
Rules (docs/findings/README.md; each has a page docs/findings/<rule>.md):
${FINDING_RULES.map((r) => `  ${r.id.padEnd(48)} ${r.severity}`).join('\n')}

Baseline file (YAML or JSON): accepted findings, each with the reason it is accepted:
  accepted:
    - fingerprint: 6f0c…   # as printed by trustmap findings
      reason: vendor access reviewed with security, ticket SEC-142

Example (CI: fail on anything high or worse, upload the SARIF to code scanning):
  $ trustmap findings snapshots/main --format sarif --fail-on high > trustmap.sarif

Exit codes: 0 answered, 1 a finding at --fail-on or worse, 2 unusable input.`;

export function registerFindingsCommand(program: Command, io: CommandIo): void {
  program
    .command('findings')
    .description('what is wrong in the estate before anyone asks: trust, public and outside access, encryption, organization guardrails')
    .argument('<estate>', 'scenario file, snapshot folder, authorization-details export or iam-collect store')
    .option('--fail-on <severity>', `exit 1 when a finding not in the baseline is at least this severe: ${SEVERITY_ORDER.join(', ')}`)
    .option('--baseline <file>', 'accepted findings (YAML or JSON), each with a fingerprint and a reason')
    .option('--known-accounts <file>', 'known vendor accounts (YAML list of { name, accounts }, as known_aws_accounts.yaml) to name outside accounts')
    .option('--rule <id>', 'run only this rule; repeat or comma-separate for several', collect, [])
    .option('--context <key=value>', 'a request context value for every request; repeat the key for a multi-valued key', collect, [])
    .option('--absent <key>', 'a context key absent from every request', collect, [])
    .option('--cloudtrail <path>', 'CloudTrail logs (folders as delivered to S3, files, or lookup-events output): usage evidence for the usage rules; repeat for several', collect, [])
    .option('--unused-days <days>', 'usage rules: how many days without use make access unused (default 90)')
    .option('--verbose', 'text: show the engine\'s evidence for each finding')
    .option('--docs-base-url <url>', 'SARIF: the URL the docs/findings pages are published under, for helpUri')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--json', 'same as --format json')
    .addHelpText('after', EXAMPLE)
    .action(async (estate: string, opts: Omit<FindingsFlags, 'format'> & { format: FindingsFormat; json?: boolean }) => {
      process.exitCode = await runFindings(estate, { ...opts, format: opts.json ? 'json' : opts.format }, io);
    });
}
