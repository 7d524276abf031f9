import { AccessGraph } from '../src/analyses/access-graph/access-graph.js';
import { buildAccessMap } from '../src/analyses/access-map/index.js';
import { runFindings } from '../src/analyses/findings/run-findings.js';
import { findPaths } from '../src/analyses/paths/find-paths.js';
import { whoCan } from '../src/analyses/who-can/who-can.js';
import { loadServiceCatalog } from '../src/catalog/iam-data-catalog.js';
import { collectGarbage } from '../src/cli/collect-garbage.js';
import { packageVersion } from '../src/cli/package-version.js';
import { sortDiagnostics } from '../src/core/diagnostics.js';
import type { Estate } from '../src/core/model/estate.js';
import type { ServiceCatalog } from '../src/core/model/service-catalog.js';
import { loadEstate, type LoadedEstate } from '../src/loaders/load-estate.js';
import { buildReport } from '../src/reporters/report/build-report.js';
import { mermaidBundle, reportInputOf } from '../src/reporters/report/report-input.js';
import { renderReportHtml } from '../src/reporters/report/render-html.js';
import { CORE, planSyntheticEstate, type PlannedAccount, type SyntheticPlan } from '../src/synthetic/estate-plan.js';
import { SeededRandom } from '../src/synthetic/seeded-random.js';
import {
  appRoleName,
  auditorRoleArn,
  bucketArn,
  chainRoleName,
  ciRoleArn,
  functionArn,
  keyArn,
  queueArn,
  roleArn,
  secretArn,
  topicArn,
} from '../src/synthetic/synthetic-names.js';
import type { SyntheticEstateOptions } from '../src/synthetic/synthetic-options.js';

/** What the child process of `bench/scale.ts` measures on one generated estate. */
export interface ScaleMeasures {
  readonly loadMs: number;
  readonly heapAfterLoadMb: number;
  /** The first query after the load: a who-can on a bucket of the CI account, JIT compilation included. */
  readonly whoCanColdMs: number;
  readonly whoCanMs: readonly number[];
  /** What the slowest who-can and paths queries asked. */
  readonly whoCanSlowest: string;
  readonly whoCanOrgWideMs: number;
  /** who-can on objects of the data lake, naming the IAM Identity Center people behind the roles (estates with Identity Center only). */
  readonly whoCanPeopleMs?: readonly number[];
  readonly pathsMs: readonly number[];
  readonly pathsSlowest: string;
  /** Undefined when access-map was skipped (BENCH_SCALE_ACCESS_MAP=0). */
  readonly accessMapMs?: number;
  readonly accessMapEntries?: number;
  /** The principals of the entries, each set counted by its members: (principal, target) pairs. */
  readonly accessMapPairs?: number;
  /**
   * `trustmap report` from the folder: the load, then (as src/cli/report.ts does) the access map on
   * one graph, the findings on that graph and map, and the HTML document. Undefined with access-map.
   */
  readonly reportMs?: number;
  /** Its parts after the access map: runFindings, and building and rendering the HTML document. */
  readonly findingsMs?: number;
  readonly reportDocumentMs?: number;
  readonly findings?: number;
  readonly maxRssMb: number;
  /** The peak RSS of `trustmap report` alone, in a process of its own (runReportAlone), where measured. */
  readonly reportAloneMaxRssMb?: number;
  /** The load stopped (`load/memory-limit`): its message, and nothing else was measured. */
  readonly stopped?: string;
}

/** A query: which resource or pair, and how to ask it. */
interface Query {
  readonly label: string;
  readonly run: (graph: AccessGraph) => number;
}

/**
 * Loads the snapshot at `dir` (generated with `options`) and times the queries on it. The samples
 * come from the plan, which is cheap to rebuild from the same options: it names every ARN.
 */
export function measureScale(dir: string, options: SyntheticEstateOptions, what: { readonly accessMap: boolean }): ScaleMeasures {
  const catalog = loadServiceCatalog();
  const gc = (globalThis as { gc?: () => void }).gc;
  const start = performance.now();
  const loaded = loadEstate(dir, { catalog, onProgress: (m) => process.stderr.write(`  ${m}\n`) });
  const loadMs = performance.now() - start;
  if (loaded.unusable) {
    const stop = loaded.diagnostics.find((d) => d.severity === 'error');
    return { loadMs, heapAfterLoadMb: 0, whoCanColdMs: Number.NaN, whoCanMs: [], whoCanSlowest: '', whoCanOrgWideMs: Number.NaN, pathsMs: [], pathsSlowest: '', maxRssMb: maxRssMb(), stopped: `${stop?.code}: ${stop?.message}` };
  }
  if (loaded.diagnostics.some((d) => d.severity === 'error')) throw new Error(`the generated estate loads with errors: ${loaded.diagnostics[0]!.message}`);
  gc?.();
  const heapAfterLoadMb = process.memoryUsage().heapUsed / 1024 / 1024;
  const plan = planSyntheticEstate(options);
  const estate = loaded.estate;
  const timed = (query: Query): number => {
    const t0 = performance.now();
    const count = query.run(new AccessGraph(estate, { catalog }));
    const ms = performance.now() - t0;
    if (count === 0) throw new Error(`${query.label} found nothing: the bench asks only questions that have answers`);
    return ms;
  };
  // The first query after a load also pays for compiling the engine's code (JIT): timed apart, then the seven.
  const whoCanColdMs = timed(warmUpQuery(plan));
  const whoCan = whoCanQueries(plan);
  const whoCanMs = whoCan.map(timed);
  const whoCanOrgWideMs = timed(orgWideQuery(plan));
  const whoCanPeopleMs = plan.identityCenter ? peopleQueries(plan).map(timed) : undefined;
  const paths = pathQueries(plan, estate);
  const pathsMs = paths.map(timed);
  const map = what.accessMap ? accessMapAndReport(dir, loaded, loadMs, catalog) : undefined;
  const slowest = (queries: readonly Query[], ms: readonly number[]): string => queries[ms.indexOf(Math.max(...ms))]!.label;
  return { loadMs, heapAfterLoadMb, whoCanColdMs, whoCanMs, whoCanSlowest: slowest(whoCan, whoCanMs), whoCanOrgWideMs, ...(whoCanPeopleMs ? { whoCanPeopleMs } : {}), pathsMs, pathsSlowest: slowest(paths, pathsMs), ...(map ?? {}), maxRssMb: maxRssMb() };
}

/**
 * What `trustmap report DIR` does and nothing else, in a process of its own: the load, the access
 * map, the findings and the HTML document; its peak RSS is the command's (the other measures run
 * who-can and paths first, whose memory the process keeps as its high-water mark).
 */
export function runReportAlone(dir: string): { readonly reportMs: number; readonly maxRssMb: number } {
  const catalog = loadServiceCatalog();
  const start = performance.now();
  const loaded = loadEstate(dir, { catalog });
  const loadMs = performance.now() - start;
  const done = accessMapAndReport(dir, loaded, loadMs, catalog);
  return { reportMs: done.reportMs, maxRssMb: maxRssMb() };
}

/**
 * The access map on a fresh graph, then what `trustmap report` does with them (src/cli/report.ts,
 * no --context and no --known-accounts): the findings on the same graph and map, and the HTML
 * document, rendered in memory (the CLI writes it to --out). The report's time is the load plus
 * all of this: end to end from the folder, as the command runs it.
 */
function accessMapAndReport(dir: string, loaded: LoadedEstate, loadMs: number, catalog: ServiceCatalog) {
  const estate = loaded.estate;
  const t0 = performance.now();
  const graph = new AccessGraph(estate, { catalog, context: {} });
  const map = buildAccessMap(graph, { catalog });
  const accessMapMs = performance.now() - t0;
  const accessMapPairs = map.entries.reduce((n, e) => n + e.principals.count, 0);
  const t1 = performance.now();
  collectGarbage(); // as `trustmap report` does between the map and the findings
  const findings = runFindings(estate, { catalog, context: {}, knownAccounts: new Map(), graph, accessMap: map }).findings;
  const findingsMs = performance.now() - t1;
  const t2 = performance.now();
  const input = reportInputOf(estate, map, findings, {
    source: dir,
    sourceKind: loaded.kind,
    toolVersion: packageVersion(),
    dataVersion: catalog.dataVersion,
    diagnostics: sortDiagnostics([...loaded.diagnostics]),
    ...(loaded.coverage ? { coverage: loaded.coverage } : {}),
  });
  const html = renderReportHtml(buildReport(input), { mermaidScript: mermaidBundle() });
  const reportDocumentMs = performance.now() - t2;
  if (html.length === 0) throw new Error('the report is empty');
  return { accessMapMs, accessMapEntries: map.entries.length, accessMapPairs, reportMs: loadMs + accessMapMs + findingsMs + reportDocumentMs, findingsMs, reportDocumentMs, findings: findings.length };
}

function maxRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function workloads(plan: SyntheticPlan): PlannedAccount[] {
  return plan.accounts.filter((a) => a.kind === 'workload');
}

/** Seven resources of seven workload accounts, one of each kind and a role. */
function whoCanQueries(plan: SyntheticPlan): Query[] {
  const rng = SeededRandom.derive('bench', plan.accounts.length, 'who-can');
  const pick = () => rng.pick(workloads(plan));
  const targets: Array<[string, string]> = [
    ['object', `${bucketArn(plan, pick(), 1)}/data/part-0.csv`],
    ['queue', queueArn(pick(), 0)],
    ['topic', topicArn(pick(), 0)],
    ['key', keyArn(plan, pick(), 0)],
    ['function', functionArn(pick(), 0)],
    ['secret', secretArn(plan, pick(), 0)],
    ['deploy role', roleArn(pick(), 'deploy')],
  ];
  return targets.map(([label, arn]) => ({ label, run: (g) => whoCan(g, arn).entries.length }));
}

/** Seven who-can questions on objects of the data-lake accounts, each counted by the people it names (issue 19's target). */
function peopleQueries(plan: SyntheticPlan): Query[] {
  const lake = plan.identityCenter!.dataLakeAccounts;
  return Array.from({ length: 7 }, (_, i) => {
    const account = plan.accounts[lake[i % lake.length]!]!;
    const arn = `${bucketArn(plan, account, i % 2)}/lake/part-${i}.parquet`;
    return { label: `data lake object ${i}`, run: (g) => whoCan(g, arn, { actions: ['s3:GetObject'] }).people.reduce((n, p) => n + p.users.length, 0) };
  });
}

function warmUpQuery(plan: SyntheticPlan): Query {
  const arn = `${bucketArn(plan, plan.accounts[CORE.ci]!, 1)}/cache/x.tar`;
  return { label: 'ci bucket', run: (g) => whoCan(g, arn).entries.length };
}

function orgWideQuery(plan: SyntheticPlan): Query {
  const arn = `${bucketArn(plan, plan.accounts[CORE.sharedServices]!, 0)}/app/1.0.0/app.zip`;
  return { label: 'org-wide bucket', run: (g) => whoCan(g, arn, { actions: ['s3:GetObject'] }).entries.length };
}

/** Seven pairs: CI to a deploy role, the auditor to an audit role, two long chains, a security engineer to break-glass, a shared bucket's reader, the management admin to a member. */
function pathQueries(plan: SyntheticPlan, estate: Estate): Query[] {
  const rng = SeededRandom.derive('bench', plan.accounts.length, 'paths');
  const account = (i: number) => plan.accounts[i]!;
  const path = (label: string, from: string, to: string, action: string, maxHops = 5): Query => ({
    label,
    run: (g) => {
      const node = g.node(from);
      if (!node) throw new Error(`${from} is not in the estate`);
      return findPaths(g, node, to, { action, maxHops }).paths.length;
    },
  });
  const chain = (n: number): Query => {
    const c = plan.chains[n % plan.chains.length]!;
    const last = account(c.accounts[c.hops]!);
    return path(`chain of ${c.hops} hops`, roleArn(account(c.accounts[0]!), chainRoleName(c.index, 0)), `${bucketArn(plan, last, 0)}/data.csv`, 's3:GetObject', 6);
  };
  const shares = [...plan.sharesFrom.values()].flat().filter((s) => s.keyGrant !== 'forgotten');
  const share = rng.pick(shares);
  const consumer = account(share.consumer);
  const breakGlass = account(rng.pick([...plan.breakGlass]));
  if (estate.accounts.size !== plan.accounts.length) throw new Error('the loaded estate is not the planned one');
  return [
    path('ci to deploy', ciRoleArn(plan), roleArn(rng.pick(workloads(plan)), 'deploy'), 'sts:AssumeRole'),
    path('auditor to audit', auditorRoleArn(plan), roleArn(rng.pick(plan.accounts), 'audit'), 'sts:AssumeRole'),
    chain(0),
    chain(1),
    path('engineer to break-glass', `arn:aws:iam::${account(CORE.security).id}:user/security-engineer-1`, roleArn(breakGlass, 'ops-break-glass'), 'sts:AssumeRole'),
    path('shared bucket reader', roleArn(consumer, appRoleName(consumer, share.consumerApp)), `${bucketArn(plan, account(share.producer), share.bucket)}/reports/latest.csv`, 's3:GetObject'),
    path('management admin to a member', `arn:aws:iam::${account(CORE.management).id}:user/org-admin`, roleArn(rng.pick(workloads(plan)), 'OrganizationAccountAccessRole'), 'sts:AssumeRole'),
  ];
}
