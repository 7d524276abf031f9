import type { EstateCoverage } from '../core/model/estate-coverage.js';
import { Option, type Command } from 'commander';
import { AccessGraph } from '../analyses/access-graph/access-graph.js';
import { targetTypeOf } from '../analyses/access-graph/resource-actions.js';
import { findPaths, type PathsResult } from '../analyses/paths/find-paths.js';
import { loadServiceCatalog } from '../catalog/iam-data-catalog.js';
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from '../core/diagnostics.js';
import { renderPathsJson, toPathsJson } from '../reporters/paths-json.js';
import { isPersonPrincipal, resolvePersonPrincipal } from '../questions/identity-center-principal.js';
import { answerPerRoute } from '../analyses/identity-center/answer-per-route.js';
import { renderRoutesJson, renderRoutesMermaid, renderRoutesText } from '../reporters/person-routes.js';
import { renderPathsMermaid } from '../reporters/paths-mermaid.js';
import { renderPathsText } from '../reporters/paths-text.js';
import {
  collect,
  loadEstateFor,
  readQueryContext,
  reportUnusable,
  type AccessFormat,
  type AccessQueryFlags,
} from './access-query-input.js';
import { EXIT_OK, EXIT_UNUSABLE, type CommandIo, reportDiagnostics } from './command-io.js';
import { logsUnreadable, readUnusedDays, readUsageEvidence } from './usage-evidence.js';
import { withPathUsage } from '../analyses/usage/path-usage.js';
import { readActions, readLimit, readMaxHops, requireArn, unknownPrincipal } from '../questions/access-query-flags.js';

export interface PathsFlags extends AccessQueryFlags {
  readonly from?: string;
  readonly to?: string;
  readonly action?: string;
  readonly limit?: string;
  /** CloudTrail logs: mark each hop used or unused (docs/cloudtrail.md#usage). */
  readonly cloudtrail?: readonly string[];
  readonly unusedDays?: string;
}

/**
 * `trustmap paths <estate> --from P --to R`: every way P reaches the action on R, shortest first.
 * Exit 0 when answered (no path is an answer), 2 for unusable input; diagnostics on stderr.
 */
export async function runPaths(estatePath: string, flags: PathsFlags, io: CommandIo): Promise<number> {
  const catalog = loadServiceCatalog();
  const bag = new DiagnosticBag();
  // --from may be a service principal, which is no ARN: the graph tells whether it names a principal.
  const from = flags.from === undefined || flags.from === '' ? requireArn(flags.from, '--from', 'paths', 'arn:aws:iam::333333333333:role/ci-runner', bag) : flags.from;
  const to = requireArn(flags.to, '--to', 'paths', 'arn:aws:iam::444444444444:role/deploy', bag);
  const actions = readActions(flags.action !== undefined ? [flags.action] : [], 'paths', bag, catalog, flags, to);
  const maxHops = readMaxHops(flags.maxHops, 'paths', bag);
  const limit = readLimit(flags.limit, bag);
  const context = readQueryContext(flags, bag, catalog);
  const unusedDays = readUnusedDays(flags.unusedDays, bag);
  if (bag.hasErrors || from === undefined || to === undefined || unusedDays === undefined) return reportUnusable(io, bag.items);
  const loaded = loadEstateFor(estatePath, catalog, io);
  if (loaded.unusable) return reportUnusable(io, [...bag.items, ...loaded.diagnostics]);
  const graph = new AccessGraph(loaded.estate, { catalog, context });
  const person = isPersonPrincipal(from) ? resolvePersonPrincipal(loaded.estate, from, 'paths/unknown-principal', bag) : undefined;
  const start = person ? undefined : graph.node(from);
  if (!start && !person && !bag.hasErrors) unknownPrincipal(from, 'paths', bag);
  const action = actions[0] ?? (targetTypeOf(loaded.estate, to) === 'role' ? 'sts:AssumeRole' : undefined);
  if (action === undefined) {
    bag.add({ code: 'paths/missing-action', severity: 'error', message: `\`--action\` is required: \`${to}\` is not a role`, help: 'for example `--action s3:GetObject`; only roles have a default action (sts:AssumeRole)' });
  }
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...bag.items]);
  if (bag.hasErrors || (!start && !person) || action === undefined) return reportUnusable(io, diagnostics);
  if (person) {
    const answers = answerPerRoute(graph, person, (node) => findPaths(graph, node, to, { action, maxHops, limit }));
    reportDiagnostics(io, diagnostics);
    if (flags.format === 'json') io.stdout(renderRoutesJson(person, answers, (r) => toPathsJson(r, []), diagnostics, loaded.coverage));
    else if (flags.format === 'mermaid') io.stdout(renderRoutesMermaid(graph, person, answers, (r) => render(r, 'mermaid', graph, diagnostics, loaded.coverage)));
    else io.stdout(renderRoutesText(graph, person, answers, (r) => render(r, 'text', graph, diagnostics, loaded.coverage)));
    return EXIT_OK;
  }
  if (!start) return reportUnusable(io, diagnostics);
  const usage = await readUsageEvidence(flags, unusedDays, loaded.estate, io);
  const found = findPaths(graph, start, to, { action, maxHops, limit });
  const result = usage.evidence ? withPathUsage(found, usage.evidence, loaded.estate, (id) => graph.node(id)) : found;
  const all = sortDiagnostics([...diagnostics, ...usage.diagnostics]);
  reportDiagnostics(io, all);
  io.stdout(render(result, flags.format, graph, all, loaded.coverage));
  return logsUnreadable(usage.diagnostics, io) ? EXIT_UNUSABLE : EXIT_OK;
}

function render(r: PathsResult, format: AccessFormat, graph: AccessGraph, diagnostics: readonly Diagnostic[], coverage: EstateCoverage | undefined): string {
  const label = (id: string): string => graph.node(id)?.label ?? id;
  switch (format) {
    case 'json':
      return renderPathsJson(r, diagnostics, coverage);
    case 'mermaid':
      return renderPathsMermaid(r, (id) => graph.node(id));
    case 'text':
      return renderPathsText(r, label);
  }
}


const EXAMPLE = `
Example:
  $ trustmap paths examples/org-estate.yaml \\
      --from arn:aws:iam::333333333333:role/ci-runner \\
      --to arn:aws:s3:::example-prod-data-lake/reports/2026/11/summary.parquet --action s3:GetObject

Exit codes: 0 answered (no path is an answer), 2 unusable input (diagnostics on stderr).`;

export function registerPathsCommand(program: Command, io: CommandIo): void {
  program
    .command('paths')
    .description('every way a principal reaches an action on a resource, through chains of role assumptions, shortest first')
    .argument('<estate>', 'scenario file, snapshot folder, authorization-details export or iam-collect store')
    .option('--from <principal>', 'where the sessions start: a user, role or role-session ARN, an identity provider ARN, a service principal, or a principal outside the estate')
    .option('--to <arn>', 'the resource (a role ARN for role assumption)')
    .option('--action <action>', 'the action, as `service:Action` (default sts:AssumeRole when --to is a role)')
    .option('--max-hops <n>', 'most role assumptions in a path (default 5)')
    .option('--limit <n>', 'most paths listed (default 50)')
    .option('--context <key=value>', 'a request context value for every hop; repeat the key for a multi-valued key', collect, [])
    .option('--absent <key>', 'a context key absent from every hop', collect, [])
    .option('--cloudtrail <path>', 'CloudTrail logs (folders as delivered to S3, files, or lookup-events output): mark each hop used or unused; repeat for several', collect, [])
    .option('--unused-days <days>', 'how many days without use make access unused (default 90)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'mermaid']).default('text'))
    .option('--json', 'same as --format json')
    .addHelpText('after', EXAMPLE)
    .action(async (estate: string, opts: Omit<PathsFlags, 'format'> & { format: AccessFormat; json?: boolean }) => {
      process.exitCode = await runPaths(estate, { ...opts, format: opts.json ? 'json' : opts.format }, io);
    });
}
