import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Option, type Command } from 'commander';
import { AccessGraph } from '../analyses/access-graph/access-graph.js';
import { buildAccessMap } from '../analyses/access-map/access-map.js';
import type { Finding } from '../analyses/findings/finding.js';
import { runFindings } from '../analyses/findings/run-findings.js';
import { loadServiceCatalog } from '../catalog/iam-data-catalog.js';
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from '../core/diagnostics.js';
import { toAccessMapJson } from '../reporters/access-map-json.js';
import { findingJson } from '../reporters/findings-json.js';
import { buildReport, type ReportFinding, type ReportInput } from '../reporters/report/build-report.js';
import { renderReportHtml } from '../reporters/report/render-html.js';
import { renderReportMarkdown } from '../reporters/report/render-markdown.js';
import { mermaidBundle, reportInputOf } from '../reporters/report/report-input.js';
import { collect, loadEstateFor, readQueryContext, reportUnusable } from './access-query-input.js';
import { collectGarbage } from './collect-garbage.js';
import { EXIT_OK, type CommandIo, reportDiagnostics, reportProgress } from './command-io.js';
import { readKnownAccountsFor } from './known-accounts-file.js';
import { packageVersion } from './package-version.js';

export type ReportFormat = 'text' | 'markdown' | 'html' | 'json';

export interface ReportFlags {
  readonly out?: string;
  readonly format: ReportFormat;
  /** Set when the user gave --format: then it must agree with --out's extension. */
  readonly formatGiven?: boolean;
  /** `--known-accounts FILE`: vendor names for outside accounts, in findings. */
  readonly knownAccounts?: string;
  /** The URL the docs/findings pages are published under: rule links become absolute (as `findings --docs-base-url` does for SARIF). */
  readonly docsBaseUrl?: string;
  readonly context?: readonly string[];
  readonly absent?: readonly string[];
}

/**
 * `trustmap report <estate> [--out FILE.md|FILE.html]`: the document a person reads. Markdown on
 * stdout by default; `--out` picks the format from the file's extension. Exit 0 when written,
 * 2 for unusable input or an unwritable file.
 */
export async function runReport(estatePath: string, flags: ReportFlags, io: CommandIo): Promise<number> {
  const catalog = loadServiceCatalog();
  const bag = new DiagnosticBag();
  const format = formatOf(flags, bag);
  const context = readQueryContext({ format: 'text', ...(flags.context ? { context: flags.context } : {}), ...(flags.absent ? { absent: flags.absent } : {}) }, bag, catalog);
  const knownAccounts = flags.knownAccounts !== undefined ? readKnownAccountsFor(flags.knownAccounts, bag) : new Map<string, string>();
  if (bag.hasErrors || knownAccounts === undefined) return reportUnusable(io, bag.items);
  const loaded = loadEstateFor(estatePath, catalog, io);
  if (loaded.unusable) return reportUnusable(io, loaded.diagnostics);
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...bag.items]);
  reportDiagnostics(io, diagnostics);
  const estate = loaded.estate;
  const graph = new AccessGraph(estate, { catalog, context });
  const accessMap = buildAccessMap(graph, { catalog });
  collectGarbage();
  const findings = runFindings(estate, { catalog, context, knownAccounts, graph, accessMap }).findings;
  const input = reportInputOf(estate, accessMap, findings, {
    source: estatePath,
    sourceKind: loaded.kind,
    toolVersion: packageVersion(),
    dataVersion: catalog.dataVersion,
    diagnostics,
    ...(loaded.coverage ? { coverage: loaded.coverage } : {}),
    ...(flags.docsBaseUrl !== undefined ? { docsBaseUrl: flags.docsBaseUrl } : {}),
  });
  const text = render(format, input, findings, diagnostics);
  if (flags.out === undefined) {
    io.stdout(text);
    return EXIT_OK;
  }
  try {
    writeFileSync(flags.out, text);
  } catch (e) {
    return reportUnusable(io, [{ code: 'report/unwritable-output', severity: 'error', message: `cannot write \`${flags.out}\`: ${(e as Error).message}`, help: 'choose a path in a folder that exists and that you can write to' }]);
  }
  reportProgress(io, `report written to ${flags.out} (${format === 'html' ? 'HTML' : format === 'json' ? 'JSON' : 'Markdown'}, ${Buffer.byteLength(text)} bytes)`);
  return EXIT_OK;
}

function render(format: Exclude<ReportFormat, 'text'>, input: ReportInput, findings: readonly Finding[], diagnostics: readonly Diagnostic[]): string {
  switch (format) {
    case 'markdown':
      return renderReportMarkdown(buildReport(input));
    case 'html':
      return renderReportHtml(buildReport(input), { mermaidScript: mermaidBundle() });
    case 'json':
      return `${JSON.stringify({ source: input.source, sourceKind: input.sourceKind, overview: input.overview, accessMap: toAccessMapJson(input.accessMap, []), findings: findings.map(findingJson), diagnostics, ...(input.coverage ? { coverage: input.coverage } : {}) }, null, 2)}\n`;
  }
}

const EXTENSIONS: Readonly<Record<string, Exclude<ReportFormat, 'text'>>> = { '.md': 'markdown', '.markdown': 'markdown', '.html': 'html', '.htm': 'html', '.json': 'json' };

function formatOf(flags: ReportFlags, bag: DiagnosticBag): Exclude<ReportFormat, 'text'> {
  const asked = flags.format === 'text' ? 'markdown' : flags.format;
  if (flags.out === undefined) return asked;
  const byExtension = EXTENSIONS[extname(flags.out).toLowerCase()];
  if (!byExtension) {
    bag.add({ code: 'report/unknown-extension', severity: 'error', message: `\`--out ${flags.out}\`: trustmap cannot tell the format from the extension`, help: 'end the file name in .md, .html or .json' });
    return asked;
  }
  if (flags.formatGiven && asked !== byExtension) {
    bag.add({ code: 'report/format-mismatch', severity: 'error', message: `\`--format ${flags.format}\` does not match \`--out ${flags.out}\``, help: 'drop --format: the extension of --out chooses it' });
  }
  return byExtension;
}

export type { ReportFinding };

const EXAMPLE = `
Example:
  $ trustmap report examples/org-estate.yaml --out report.html

Without --out the report is printed as Markdown (Mermaid diagrams render on GitHub). The HTML file
is self-contained: styles, diagrams and the Mermaid renderer inline, nothing fetched.

Exit codes: 0 written, 2 unusable input or unwritable file (diagnostics on stderr).`;

export function registerReportCommand(program: Command, io: CommandIo): void {
  program
    .command('report')
    .description('one document to read and share: the estate at a glance, its guardrails, the cross-account access map, outside and public access, the findings')
    .argument('<estate>', 'scenario file, snapshot folder, authorization-details export or iam-collect store')
    .option('--out <file>', 'write the report to FILE.md, FILE.html or FILE.json (the extension chooses the format)')
    .option('--docs-base-url <url>', 'the URL the docs/findings pages are published under: each finding links its rule page there (without it, HTML shows the page path as text)')
    .option('--known-accounts <file>', 'known vendor accounts (YAML list of { name, accounts }, as known_aws_accounts.yaml) to name outside accounts')
    .option('--context <key=value>', 'a request context value for every request; repeat the key for a multi-valued key', collect, [])
    .option('--absent <key>', 'a context key absent from every request', collect, [])
    .addOption(new Option('--format <format>', 'output format when printing (text is Markdown)').choices(['text', 'markdown', 'html', 'json']).default('text'))
    .option('--json', 'same as --format json')
    .addHelpText('after', EXAMPLE)
    .action(async (estate: string, opts: Omit<ReportFlags, 'format' | 'formatGiven'> & { format: ReportFormat; json?: boolean }, command: Command) => {
      const formatGiven = opts.json === true || command.getOptionValueSource('format') === 'cli';
      const { json, ...rest } = opts;
      process.exitCode = await runReport(estate, { ...rest, format: json ? 'json' : opts.format, formatGiven }, io);
    });
}
