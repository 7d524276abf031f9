import type { EstateCoverage } from '../core/model/estate-coverage.js';
import { Option, type Command } from 'commander';
import { AccessGraph } from '../analyses/access-graph/access-graph.js';
import { DEFAULT_ACTIONS, targetTypeOf } from '../analyses/access-graph/resource-actions.js';
import { whoCan, type WhoCanResult } from '../analyses/who-can/who-can.js';
import { pageWhoCan, type WhoCanPage } from '../analyses/who-can/page-who-can.js';
import { loadServiceCatalog } from '../catalog/iam-data-catalog.js';
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from '../core/diagnostics.js';
import { renderWhoCanJson } from '../reporters/who-can-json.js';
import { renderWhoCanMermaid } from '../reporters/who-can-mermaid.js';
import { renderWhoCanText } from '../reporters/who-can-text.js';
import { collect, loadEstateFor, readQueryContext, reportUnusable, type AccessFormat, type AccessQueryFlags } from './access-query-input.js';
import { readActions, readMaxHops, readWhoCanPage, requireArn } from '../questions/access-query-flags.js';
import { EXIT_OK, type CommandIo, reportDiagnostics } from './command-io.js';

export interface WhoCanFlags extends AccessQueryFlags {
  readonly resource?: string;
  readonly action?: readonly string[];
  /** Most principals (and, apart, most blocked rows) listed: a whole number of 1 or more; default every one. */
  readonly limit?: string;
  /** Rows of each list skipped before the page: a whole number of 0 or more; default 0. */
  readonly offset?: string;
}

/**
 * `trustmap who-can <estate> --resource ARN`: every principal that can act on the resource,
 * grouped by where it stands. Exit 0 when answered, 2 for unusable input.
 */
export async function runWhoCan(estatePath: string, flags: WhoCanFlags, io: CommandIo): Promise<number> {
  const catalog = loadServiceCatalog();
  const bag = new DiagnosticBag();
  const resource = requireArn(flags.resource, '--resource', 'who-can', 'arn:aws:s3:::example-prod-data-lake/reports/summary.parquet', bag);
  const actions = readActions(flags.action ?? [], 'who-can', bag, catalog, flags, resource);
  const maxHops = readMaxHops(flags.maxHops, 'who-can', bag);
  const page = readWhoCanPage(flags.limit, flags.offset, bag);
  const context = readQueryContext(flags, bag, catalog);
  if (bag.hasErrors || resource === undefined) return reportUnusable(io, bag.items);
  const loaded = loadEstateFor(estatePath, catalog, io);
  if (loaded.unusable) return reportUnusable(io, [...bag.items, ...loaded.diagnostics]);
  if (actions.length === 0 && DEFAULT_ACTIONS[targetTypeOf(loaded.estate, resource)].length === 0) {
    bag.add({ code: 'who-can/missing-action', severity: 'error', message: `\`--action\` is required: trustmap has no default actions for \`${resource}\``, help: 'for example `--action ec2:StartInstances`; defaults exist for buckets, objects, queues, topics, functions, keys, secrets and roles' });
  }
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...bag.items]);
  if (bag.hasErrors) return reportUnusable(io, diagnostics);
  const graph = new AccessGraph(loaded.estate, { catalog, context });
  const paged = pageWhoCan(whoCan(graph, resource, { actions, maxHops }), page);
  reportDiagnostics(io, diagnostics);
  io.stdout(render(paged, flags.format, graph, diagnostics, loaded.coverage));
  return EXIT_OK;
}

function render(paged: WhoCanPage, format: AccessFormat, graph: AccessGraph, diagnostics: readonly Diagnostic[], coverage: EstateCoverage | undefined): string {
  const r: WhoCanResult = paged.result;
  switch (format) {
    case 'json':
      return renderWhoCanJson(r, diagnostics, coverage, paged);
    case 'mermaid':
      return renderWhoCanMermaid(r, (id) => graph.node(id));
    case 'text':
      return renderWhoCanText(r, (id) => graph.node(id)?.label ?? id, paged);
  }
}

const EXAMPLE = `
Default actions by resource type:
  bucket    s3:ListBucket, and s3:GetObject, s3:PutObject on its object scopes
  object    s3:GetObject, s3:PutObject
  queue     sqs:SendMessage, sqs:ReceiveMessage
  topic     sns:Publish
  function  lambda:InvokeFunction
  key       kms:Decrypt, kms:Encrypt
  secret    secretsmanager:GetSecretValue
  role      sts:AssumeRole

Example:
  $ trustmap who-can examples/org-estate.yaml \\
      --resource arn:aws:s3:::example-prod-data-lake/reports/2026/11/summary.parquet
  $ trustmap who-can examples/org-estate.yaml --resource arn:aws:s3:::example-prod-data-lake \\
      --limit 50 --offset 50

Exit codes: 0 answered, 2 unusable input (diagnostics on stderr).`;

export function registerWhoCanCommand(program: Command, io: CommandIo): void {
  program
    .command('who-can')
    .description('every principal that can act on a resource: directly, through chains of roles, as a service, or anonymously')
    .argument('<estate>', 'scenario file, snapshot folder, authorization-details export or iam-collect store')
    .option('--resource <arn>', 'the resource ARN (a role ARN asks who can assume it)')
    .option('--action <action>', 'an action to ask, as `service:Action`; repeat for several (default: the set for the resource type)', collect, [])
    .option('--max-hops <n>', 'most role assumptions in a chain (default 5)')
    .option('--limit <n>', 'most principals listed; the blocked list is paged alike (default: every one)')
    .option('--offset <n>', 'principals skipped before the first listed, and blocked ones alike (default 0)')
    .option('--context <key=value>', 'a request context value for every hop; repeat the key for a multi-valued key', collect, [])
    .option('--absent <key>', 'a context key absent from every hop', collect, [])
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'mermaid']).default('text'))
    .option('--json', 'same as --format json')
    .addHelpText('after', EXAMPLE)
    .action(async (estate: string, opts: Omit<WhoCanFlags, 'format'> & { format: AccessFormat; json?: boolean }) => {
      process.exitCode = await runWhoCan(estate, { ...opts, format: opts.json ? 'json' : opts.format }, io);
    });
}
