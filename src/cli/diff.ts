import { Option, type Command } from 'commander';
import { AccessGraph } from '../analyses/access-graph/access-graph.js';
import { accountLabel } from '../analyses/access-graph/graph-nodes.js';
import type { AccessMapEntry } from '../analyses/access-map/access-map.js';
import { buildAccessMap } from '../analyses/access-map/access-map.js';
import { EXTERNAL_BOUNDARIES, diffAccessMaps, type AccessDiff } from '../analyses/diff/diff-access-maps.js';
import { diffFindings, type FindingsDiff } from '../analyses/diff/diff-findings.js';
import type { Finding } from '../analyses/findings/finding.js';
import { loadServiceCatalog } from '../catalog/iam-data-catalog.js';
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from '../core/diagnostics.js';
import type { Estate } from '../core/model/estate.js';
import type { ServiceCatalog } from '../core/model/service-catalog.js';
import { entryJson } from '../reporters/access-map-json.js';
import { renderDiffText, type DiffResult } from '../reporters/diff-text.js';
import { findingJson } from '../reporters/findings-json.js';
import { collect, loadEstateFor, readQueryContext, reportUnusable } from './access-query-input.js';
import { collectGarbage } from './collect-garbage.js';
import { EXIT_DIFFERS, EXIT_OK, type CommandIo, reportDiagnostics } from './command-io.js';
import { estateFindings } from './estate-findings.js';

export type DiffFormat = 'text' | 'json';

const FAIL_ON = ['external', 'cross-account', 'finding'] as const;
export type FailOnNew = (typeof FAIL_ON)[number];

export interface DiffFlags {
  readonly failOnNew?: readonly string[];
  readonly knownAccounts?: string;
  readonly context?: readonly string[];
  readonly absent?: readonly string[];
  readonly format: DiffFormat;
  /** List every member of the principal sets that appear, go or change. */
  readonly expand?: boolean;
}

/**
 * `trustmap diff <old-estate> <new-estate>`: new, removed and changed cross-account access (the
 * access map of each), and new and fixed findings. Exit 0 when answered, 1 when a `--fail-on-new`
 * kind appeared, 2 for unusable input.
 */
export async function runDiff(oldPath: string, newPath: string, flags: DiffFlags, io: CommandIo): Promise<number> {
  const catalog = loadServiceCatalog();
  const bag = new DiagnosticBag();
  const failOn = readFailOn(flags.failOnNew ?? [], bag);
  const context = readQueryContext({ format: 'text', ...(flags.context ? { context: flags.context } : {}), ...(flags.absent ? { absent: flags.absent } : {}) }, bag, catalog);
  if (bag.hasErrors) return reportUnusable(io, bag.items);
  const findingsBag = new DiagnosticBag();
  // One estate at a time: the old one's map and findings are kept, the estate itself let go
  // before the new one loads, so that two large estates need not fit in the heap together.
  const before = loadEstateFor(oldPath, catalog, io);
  if (before.unusable) return reportUnusable(io, before.diagnostics);
  const a = side(before.estate, catalog, context, flags.knownAccounts, findingsBag);
  if (findingsBag.hasErrors) return reportUnusable(io, findingsBag.items);
  const oldNames = labelsOf(before.estate);
  const oldDiagnostics = before.diagnostics;
  const after = loadEstateFor(newPath, catalog, io);
  if (after.unusable) return reportUnusable(io, [...oldDiagnostics, ...after.diagnostics]);
  const b = side(after.estate, catalog, context, flags.knownAccounts, findingsBag);
  if (findingsBag.hasErrors) return reportUnusable(io, findingsBag.items);
  const diagnostics = sortDiagnostics([...oldDiagnostics, ...after.diagnostics, ...findingsBag.items]);
  reportDiagnostics(io, diagnostics);
  const access = diffAccessMaps(a.map, b.map);
  const findings = diffFindings(a.findings, b.findings);
  const failedOn = FAIL_ON.filter((k) => failOn.has(k) && crossed(k, access, findings.added.length));
  const result: DiffResult & { findings: FindingsDiff<Finding> } = { access, findings, failedOn };
  io.stdout(flags.format === 'json' ? renderJson(result, diagnostics, flags.expand === true) : renderDiffText(result, label(labelsOf(after.estate), oldNames), { expand: flags.expand === true }));
  return failedOn.length > 0 ? EXIT_DIFFERS : EXIT_OK;
}

interface Side {
  readonly map: ReturnType<typeof buildAccessMap>;
  readonly findings: readonly Finding[];
}

function side(estate: Estate, catalog: ServiceCatalog, context: ReturnType<typeof readQueryContext>, knownAccounts: string | undefined, bag: DiagnosticBag): Side {
  const graph = new AccessGraph(estate, { catalog, context });
  const map = buildAccessMap(graph, { catalog });
  collectGarbage();
  const findings = estateFindings(estate, { catalog, graph, accessMap: map, ...(knownAccounts !== undefined ? { knownAccounts } : {}) }, bag);
  collectGarbage();
  return { map, findings };
}

/** Whether something new of this kind appeared: new external access, any new cross-account access, a new finding. */
function crossed(kind: FailOnNew, access: AccessDiff, newFindings: number): boolean {
  // A set that only regroups principals who reached the target as widely before is no new access.
  const gained: AccessMapEntry[] = [
    ...access.added.filter((e) => (access.addedGains.get(e) ?? []).length > 0),
    ...access.changed.filter((c) => c.widened.length > 0 || c.before.boundary !== c.after.boundary || c.gained.length > 0).map((c) => c.after),
  ];
  switch (kind) {
    case 'external':
      return gained.some(isExternal);
    case 'cross-account':
      return gained.length > 0;
    case 'finding':
      return newFindings > 0;
  }
}

/** From outside the organization, the public, unknown membership, or a service any account may drive. */
export function isExternal(e: AccessMapEntry): boolean {
  return EXTERNAL_BOUNDARIES.has(e.boundary) || (e.boundary === 'service' && e.sourceAccounts === 'any');
}

function readFailOn(values: readonly string[], bag: DiagnosticBag): Set<FailOnNew> {
  const out = new Set<FailOnNew>();
  for (const v of values.flatMap((x) => x.split(','))) {
    if ((FAIL_ON as readonly string[]).includes(v)) out.add(v as FailOnNew);
    else bag.add({ code: 'diff/invalid-fail-on-new', severity: 'error', message: `\`--fail-on-new ${v}\` is not a kind of change`, help: `one of ${FAIL_ON.join(', ')}` });
  }
  return out;
}

/** The names the estate gives its accounts (and accounts it only names), by id. */
function labelsOf(estate: Estate): ReadonlyMap<string, string> {
  const ids = new Set<string>(estate.accounts.keys());
  for (const node of estate.organization?.nodes.values() ?? []) if (node.kind === 'account') ids.add(node.id);
  const out = new Map<string, string>();
  for (const id of ids) {
    const name = accountLabel(estate, id);
    if (name !== id) out.set(id, name);
  }
  return out;
}

/** `prod 444444444444`: the new estate's name for the account, else the old one's, else the id. */
function label(...names: ReadonlyArray<ReadonlyMap<string, string>>): (id: string) => string {
  return (id) => {
    for (const n of names) {
      const name = n.get(id);
      if (name !== undefined) return `${name} ${id}`;
    }
    return id;
  };
}

function renderJson(d: DiffResult & { findings: FindingsDiff<Finding> }, diagnostics: readonly Diagnostic[], expand: boolean): string {
  const json = {
    access: {
      added: d.access.added.map((e) => ({ ...entryJson(e, { expand }), gained: d.access.addedGains.get(e) ?? [] })),
      removed: d.access.removed.map((e) => entryJson(e, { expand })),
      changed: d.access.changed.map((c) => ({ before: entryJson(c.before, { expand }), after: entryJson(c.after, { expand }), widened: c.widened, narrowed: c.narrowed, joined: c.joined, left: c.left, gained: c.gained })),
    },
    findings: { added: d.findings.added.map(findingJson), fixed: d.findings.fixed.map(findingJson) },
    failedOn: d.failedOn,
    diagnostics,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

const EXAMPLE = `
Kinds for --fail-on-new (repeat or comma-separate):
  external       new or widened access from outside the organization, from anyone, or by a
                 service with no source condition
  cross-account  any new or widened access across an account boundary
  finding        any new finding

Example (CI: fail the pull request that opens a path from outside):
  $ trustmap diff snapshots/main snapshots/pr-1234 --fail-on-new external

Exit codes: 0 answered, 1 a --fail-on-new kind appeared, 2 unusable input.`;

export function registerDiffCommand(program: Command, io: CommandIo): void {
  program
    .command('diff')
    .description('new, removed and changed cross-account access, and new and fixed findings, between two estates')
    .argument('<old-estate>', 'the estate before: scenario file, snapshot folder, authorization-details export or iam-collect store')
    .argument('<new-estate>', 'the estate after')
    .option('--fail-on-new <kind>', 'exit 1 when something new of this kind appears: external, cross-account, finding', collect, [])
    .option('--known-accounts <file>', 'known vendor accounts (YAML: name, accounts) to label outside trusts in findings')
    .option('--context <key=value>', 'a request context value for every request; repeat the key for a multi-valued key', collect, [])
    .option('--absent <key>', 'a context key absent from every request', collect, [])
    .option('--expand', 'list every member of the principal sets that appear, go or change (text shows a few)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--json', 'same as --format json')
    .addHelpText('after', EXAMPLE)
    .action(async (oldEstate: string, newEstate: string, opts: Omit<DiffFlags, 'format'> & { format: DiffFormat; json?: boolean }) => {
      process.exitCode = await runDiff(oldEstate, newEstate, { ...opts, format: opts.json ? 'json' : opts.format }, io);
    });
}
