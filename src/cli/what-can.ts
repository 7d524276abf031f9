import type { EstateCoverage } from '../core/model/estate-coverage.js';
import { Option, type Command } from 'commander';
import { AccessGraph } from '../analyses/access-graph/access-graph.js';
import { whatCan, type WhatCanResult } from '../analyses/what-can/what-can.js';
import { loadServiceCatalog } from '../catalog/iam-data-catalog.js';
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from '../core/diagnostics.js';
import { renderWhatCanJson, toWhatCanJson } from '../reporters/what-can-json.js';
import { isPersonPrincipal, resolvePersonPrincipal } from '../questions/identity-center-principal.js';
import { answerPerRoute } from '../analyses/identity-center/answer-per-route.js';
import { renderRoutesJson, renderRoutesMermaid, renderRoutesText } from '../reporters/person-routes.js';
import { renderWhatCanMermaid } from '../reporters/what-can-mermaid.js';
import { renderWhatCanText } from '../reporters/what-can-text.js';
import { collect, loadEstateFor, readQueryContext, reportUnusable, type AccessFormat, type AccessQueryFlags } from './access-query-input.js';
import { readActions, readMaxHops, unknownPrincipal } from '../questions/access-query-flags.js';
import { EXIT_OK, type CommandIo, reportDiagnostics } from './command-io.js';

export interface WhatCanFlags extends AccessQueryFlags {
  readonly principal?: string;
  readonly action?: readonly string[];
}

/**
 * `trustmap what-can <estate> --principal ARN`: every resource and role the principal can reach,
 * across accounts, with the chain used. Exit 0 when answered, 2 for unusable input.
 */
export async function runWhatCan(estatePath: string, flags: WhatCanFlags, io: CommandIo): Promise<number> {
  const catalog = loadServiceCatalog();
  const bag = new DiagnosticBag();
  if (flags.principal === undefined || flags.principal === '') {
    bag.add({ code: 'what-can/missing-flag', severity: 'error', message: '`--principal` is required', help: 'for example `--principal arn:aws:iam::333333333333:role/ci-runner`' });
  }
  const actions = readActions(flags.action ?? [], 'what-can', bag, catalog, flags);
  const maxHops = readMaxHops(flags.maxHops, 'what-can', bag);
  const context = readQueryContext(flags, bag, catalog);
  if (bag.hasErrors || flags.principal === undefined) return reportUnusable(io, bag.items);
  const loaded = loadEstateFor(estatePath, catalog, io);
  if (loaded.unusable) return reportUnusable(io, [...bag.items, ...loaded.diagnostics]);
  const graph = new AccessGraph(loaded.estate, { catalog, context });
  if (isPersonPrincipal(flags.principal)) {
    const person = resolvePersonPrincipal(loaded.estate, flags.principal, 'what-can/unknown-principal', bag);
    const diagnostics = sortDiagnostics([...loaded.diagnostics, ...bag.items]);
    if (!person) return reportUnusable(io, diagnostics);
    const answers = answerPerRoute(graph, person, (start) => whatCan(graph, start, { actions, maxHops }));
    reportDiagnostics(io, diagnostics);
    if (flags.format === 'json') io.stdout(renderRoutesJson(person, answers, (r) => toWhatCanJson(r, []), diagnostics, loaded.coverage));
    else if (flags.format === 'mermaid') io.stdout(renderRoutesMermaid(graph, person, answers, (r) => render(r, 'mermaid', graph, diagnostics, loaded.coverage)));
    else io.stdout(renderRoutesText(graph, person, answers, (r) => render(r, 'text', graph, diagnostics, loaded.coverage)));
    return EXIT_OK;
  }
  const principal = graph.node(flags.principal);
  if (!principal) unknownPrincipal(flags.principal, 'what-can', bag);
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...bag.items]);
  if (bag.hasErrors || !principal) return reportUnusable(io, diagnostics);
  const result = whatCan(graph, principal, { actions, maxHops });
  reportDiagnostics(io, diagnostics);
  io.stdout(render(result, flags.format, graph, diagnostics, loaded.coverage));
  return EXIT_OK;
}

function render(r: WhatCanResult, format: AccessFormat, graph: AccessGraph, diagnostics: readonly Diagnostic[], coverage: EstateCoverage | undefined): string {
  switch (format) {
    case 'json':
      return renderWhatCanJson(r, diagnostics, coverage);
    case 'mermaid':
      return renderWhatCanMermaid(r, (id) => graph.node(id));
    case 'text':
      return renderWhatCanText(r, (id) => graph.node(id)?.label ?? id);
  }
}

const EXAMPLE = `
Example:
  $ trustmap what-can examples/org-estate.yaml --principal arn:aws:iam::333333333333:role/ci-runner

Exit codes: 0 answered, 2 unusable input (diagnostics on stderr).`;

export function registerWhatCanCommand(program: Command, io: CommandIo): void {
  program
    .command('what-can')
    .description('every resource and role a principal can reach, across accounts, with the chain of roles used')
    .argument('<estate>', 'scenario file, snapshot folder, authorization-details export or iam-collect store')
    .option('--principal <arn>', 'a user, role or role-session ARN, an identity provider ARN, a service principal, or a principal outside the estate')
    .option('--action <action>', 'an action to ask of every resource, as `service:Action`; repeat for several (default: the set for each resource type)', collect, [])
    .option('--max-hops <n>', 'most role assumptions in a chain (default 5)')
    .option('--context <key=value>', 'a request context value for every hop; repeat the key for a multi-valued key', collect, [])
    .option('--absent <key>', 'a context key absent from every hop', collect, [])
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'mermaid']).default('text'))
    .option('--json', 'same as --format json')
    .addHelpText('after', EXAMPLE)
    .action(async (estate: string, opts: Omit<WhatCanFlags, 'format'> & { format: AccessFormat; json?: boolean }) => {
      process.exitCode = await runWhatCan(estate, { ...opts, format: opts.json ? 'json' : opts.format }, io);
    });
}
