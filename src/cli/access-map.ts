import type { EstateCoverage } from '../core/model/estate-coverage.js';
import { Option, type Command } from 'commander';
import { AccessGraph } from '../analyses/access-graph/access-graph.js';
import { accountLabel } from '../analyses/access-graph/graph-nodes.js';
import { BOUNDARY_ORDER, type AccessBoundary } from '../analyses/access-map/access-boundary.js';
import { buildAccessMap, type AccessMap } from '../analyses/access-map/access-map.js';
import { loadServiceCatalog } from '../catalog/iam-data-catalog.js';
import { membershipOf } from '../core/decision/organization-chain.js';
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from '../core/diagnostics.js';
import type { Estate } from '../core/model/estate.js';
import { renderAccessMapJson } from '../reporters/access-map-json.js';
import { renderAccessMapMarkdown } from '../reporters/access-map-markdown.js';
import { renderAccessMapMermaid } from '../reporters/access-map-mermaid.js';
import { renderAccessMapText } from '../reporters/access-map-text.js';
import { collect, loadEstateFor, readQueryContext, reportUnusable } from './access-query-input.js';
import { readActions } from '../questions/access-query-flags.js';
import { EXIT_OK, EXIT_UNUSABLE, type CommandIo, reportDiagnostics, reportProgress } from './command-io.js';
import { logsUnreadable, readUnusedDays, readUsageEvidence } from './usage-evidence.js';
import { withEntryUsage, withUsage } from '../analyses/usage/map-usage.js';
import { JsonlSummary, jsonlHeader, jsonlTarget } from '../reporters/access-map-jsonl.js';
import { readTargetAccounts } from './target-accounts.js';

export type AccessMapFormat = 'text' | 'json' | 'jsonl' | 'markdown' | 'mermaid';

export interface AccessMapFlags {
  readonly action?: readonly string[];
  readonly boundary?: readonly string[];
  /** JSON: list every member of every principal set. */
  readonly expand?: boolean;
  readonly context?: readonly string[];
  readonly absent?: readonly string[];
  readonly allowUnknownAction?: boolean;
  /** CloudTrail logs: mark each entry used or unused (docs/cloudtrail.md#usage). */
  readonly cloudtrail?: readonly string[];
  readonly unusedDays?: string;
  /** One shard: the accounts whose roles and resources are asked (docs/scale.md#shards). */
  readonly targetAccounts?: string;
  readonly format: AccessMapFormat;
}

/**
 * `trustmap access-map <estate>`: every access that crosses an account boundary, marked inside the
 * organization, outside it, public, or by an AWS service. Exit 0 when answered, 2 for unusable input.
 */
export async function runAccessMap(estatePath: string, flags: AccessMapFlags, io: CommandIo): Promise<number> {
  const catalog = loadServiceCatalog();
  const bag = new DiagnosticBag();
  const actions = readActions(flags.action ?? [], 'access-map', bag, catalog, flags);
  const boundaries = readBoundaries(flags.boundary ?? [], bag);
  const context = readQueryContext({ format: 'text', ...(flags.context ? { context: flags.context } : {}), ...(flags.absent ? { absent: flags.absent } : {}) }, bag, catalog);
  const unusedDays = readUnusedDays(flags.unusedDays, bag);
  const targetAccounts = readTargetAccounts(flags.targetAccounts, bag);
  if (bag.hasErrors || unusedDays === undefined) return reportUnusable(io, bag.items);
  const loaded = loadEstateFor(estatePath, catalog, io);
  if (loaded.unusable) return reportUnusable(io, [...bag.items, ...loaded.diagnostics]);
  for (const id of targetAccounts ?? []) {
    if (!loaded.estate.accounts.has(id)) bag.add({ code: 'access-map/unknown-target-account', severity: 'warning', message: `\`--target-accounts\` names ${id}, which is not in the estate: this shard asks nothing there` });
  }
  const usage = await readUsageEvidence(flags, unusedDays, loaded.estate, io);
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...bag.items, ...usage.diagnostics]);
  reportDiagnostics(io, diagnostics);
  const graph = new AccessGraph(loaded.estate, { catalog, context });
  const shard = targetAccounts ? { targetAccounts } : {};
  if (flags.format === 'jsonl') {
    const summary = new JsonlSummary();
    io.stdout(jsonlHeader(targetAccounts ? { targetAccounts: [...targetAccounts].sort() } : undefined));
    const map = buildAccessMap(graph, {
      catalog,
      actions,
      ...shard,
      keep: false,
      onProgress: progressReporter(io),
      onTarget: (found) => {
        const kept = {
          entries: found.entries.filter((e) => !boundaries || boundaries.has(e.boundary)).map((e) => (usage.evidence ? withEntryUsage(e, usage.evidence, loaded.estate) : e)),
          blocked: found.blocked.filter((b) => !boundaries || boundaries.has(b.boundary)),
        };
        summary.add(kept);
        io.stdout(jsonlTarget(kept, { expand: flags.expand === true }));
      },
    });
    io.stdout(summary.line(map, diagnostics, loaded.coverage));
    return logsUnreadable(usage.diagnostics, io) ? EXIT_UNUSABLE : EXIT_OK;
  }
  const built = buildAccessMap(graph, { catalog, actions, ...shard, onProgress: progressReporter(io) });
  const full = usage.evidence ? withUsage(built, usage.evidence, loaded.estate) : built;
  const map = boundaries ? filterMap(full, boundaries) : full;
  io.stdout(render(map, flags.format, loaded.estate, diagnostics, loaded.coverage, flags.expand === true));
  return logsUnreadable(usage.diagnostics, io) ? EXIT_UNUSABLE : EXIT_OK;
}

function render(m: AccessMap, format: AccessMapFormat, estate: Estate, diagnostics: readonly Diagnostic[], coverage: EstateCoverage | undefined, expand: boolean): string {
  const label = (id: string): string => {
    const name = accountLabel(estate, id);
    return name === id ? id : `${name} ${id}`;
  };
  switch (format) {
    case 'json':
    case 'jsonl':
      return renderAccessMapJson(m, diagnostics, coverage, { expand });
    case 'markdown':
      return renderAccessMapMarkdown(m, label);
    case 'mermaid':
      return renderAccessMapMermaid(m, (id) => accountLabel(estate, id), (id) => membershipOf(estate, id).status === 'member');
    case 'text':
      return renderAccessMapText(m, label);
  }
}

function readBoundaries(values: readonly string[], bag: DiagnosticBag): Set<AccessBoundary> | undefined {
  if (values.length === 0) return undefined;
  const out = new Set<AccessBoundary>();
  for (const v of values.flatMap((x) => x.split(','))) {
    if ((BOUNDARY_ORDER as readonly string[]).includes(v)) out.add(v as AccessBoundary);
    else bag.add({ code: 'access-map/invalid-boundary', severity: 'error', message: `\`--boundary ${v}\` is not a boundary`, help: `one of ${BOUNDARY_ORDER.join(', ')}` });
  }
  return out;
}

function filterMap(m: AccessMap, keep: ReadonlySet<AccessBoundary>): AccessMap {
  return { ...m, entries: m.entries.filter((e) => keep.has(e.boundary)), blocked: m.blocked.filter((b) => keep.has(b.boundary)) };
}

/** Progress on stderr for large estates: at most one line every two seconds, none for small ones. */
function progressReporter(io: CommandIo): (done: number, total: number) => void {
  const start = Date.now();
  let last = start;
  return (done, total) => {
    const now = Date.now();
    if (now - last < 2000 || done === total) return;
    last = now;
    reportProgress(io, `access-map: ${done}/${total} roles and resources asked (${((now - start) / 1000).toFixed(0)} s)`);
  };
}

const EXAMPLE = `
Boundaries (where the access comes from, seen from the target's account):
  public        anyone: a * principal, anonymous callers, public ACLs
  outside       an account outside the target's organization
  unknown       the organization was not collected, so membership is unknown
  service       an AWS service acting for a source its conditions pin elsewhere, or do not pin
  organization  another account of the organization

Examples:
  $ trustmap access-map examples/org-estate.yaml --format markdown
  $ trustmap access-map snapshots/main --target-accounts 111111111111,222222222222 --format jsonl > shard-1.jsonl
  $ trustmap merge shard-*.jsonl --format json > access-map.json     (docs/scale.md#shards)

Usage (docs/cloudtrail.md#usage): with --cloudtrail each entry says whether it was used in the logs'
window; without, role entries use the roles' RoleLastUsed where the estate has it, which does not say who.

Exit codes: 0 answered, 2 unusable input (diagnostics on stderr), including a log file that could not be read.`;

export function registerAccessMapCommand(program: Command, io: CommandIo): void {
  program
    .command('access-map')
    .description('every access that crosses an account boundary: principal → role, principal → resource with its action classes')
    .argument('<estate>', 'scenario file, snapshot folder, authorization-details export or iam-collect store')
    .option('--action <action>', 'ask this action of every resource instead of the defaults per type; repeat for several', collect, [])
    .option('--boundary <boundary>', 'keep only these boundaries (public, outside, unknown, service, organization); repeat or comma-separate', collect, [])
    .option('--context <key=value>', 'a request context value for every request; repeat the key for a multi-valued key', collect, [])
    .option('--absent <key>', 'a context key absent from every request', collect, [])
    .option('--expand', 'JSON: list every member of every principal set (sets of one always list theirs)')
    .option('--cloudtrail <path>', 'CloudTrail logs (folders as delivered to S3, files, or lookup-events output): mark each entry used or unused; repeat for several', collect, [])
    .option('--unused-days <days>', 'how many days without use make an access unused (default 90)')
    .option('--target-accounts <accounts>', 'one shard: ask only the roles and resources of these accounts (a comma-separated list, or a file of ids); `trustmap merge` joins shards')
    .addOption(new Option('--format <format>', 'output format (jsonl: one line per entry, written as found)').choices(['text', 'json', 'jsonl', 'markdown', 'mermaid']).default('text'))
    .option('--json', 'same as --format json')
    .addHelpText('after', EXAMPLE)
    .action(async (estate: string, opts: Omit<AccessMapFlags, 'format'> & { format: AccessMapFormat; json?: boolean }) => {
      process.exitCode = await runAccessMap(estate, { ...opts, format: opts.json ? 'json' : opts.format }, io);
    });
}
